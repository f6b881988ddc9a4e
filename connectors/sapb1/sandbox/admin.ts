// The sandbox's part of the kit admin API (`/__sandbox/`): raw records by entity set (an edit is what a B1
// user would do, so UpdateDate/UpdateTime move), creating records and running bound actions as a user,
// and putting the server clock at an instant (edits at exact seconds for the incremental-filter tests).
import { z } from 'zod';
import { adminBody, AdminError, type AdminHandler, type AdminRecords } from '../../kit/sandbox/admin.ts';
import type { SandboxCore } from './core.ts';
import { findEntitySet, type EntitySet } from './entities.ts';
import { SlError } from './errors.ts';
import { renderRow } from './render.ts';
import type { KeyValue } from '../../kit/sandbox/table.ts';

function setOf(type: string): EntitySet {
  const set = findEntitySet(type);
  if (!set) throw new AdminError(404, `No entity set '${type}'.`);
  return set;
}

const keyOf = (set: EntitySet, id: string): KeyValue => (set.keyKind === 'int' ? Number(id) : id);

/** SAP errors raised by the state become admin errors with the same status and message. */
function asAdmin<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SlError) throw new AdminError(e.status, `${e.code}: ${e.message}`);
    throw e;
  }
}

export function adminRecords(core: SandboxCore): AdminRecords {
  const render = (set: EntitySet, row: Record<string, unknown>) => renderRow(set, row, 'v2', core.base.switches);
  return {
    types: () => [...core.state.tables.keys()],
    list: (type, page) => {
      const set = setOf(type);
      const rows = core.state.table(set.name).all();
      const from = page.after === null ? 0 : rows.findIndex((r) => String(r[set.key]) === page.after) + 1;
      const slice = rows.slice(from, from + page.limit);
      const last = slice.at(-1);
      return { total: rows.length, results: slice.map((r) => render(set, r)), ...(from + page.limit < rows.length && last && { next: String(last[set.key]) }) };
    },
    get: (type, id) => {
      const set = setOf(type);
      const row = core.state.table(set.name).get([keyOf(set, id)]);
      return row && render(set, row);
    },
    edit: (type, id, changes) => {
      const set = setOf(type);
      return asAdmin(() => {
        core.state.patch(set, keyOf(set, id), changes, undefined, () => '');
        return render(set, core.state.get(set, keyOf(set, id)));
      });
    },
    // A deletion made in the B1 client (documents included), to exercise key reconciliation.
    delete: (type, id) => asAdmin(() => core.state.removeAsUser(setOf(type), keyOf(setOf(type), id))),
  };
}

const clockAt = z.object({ now: z.string().datetime({ offset: true }) }).strict();

export function adminRoutes(core: SandboxCore): Record<string, AdminHandler> {
  return {
    'POST records/:type': ({ params, body }) => {
      const set = setOf(params.type!);
      return asAdmin(() => renderRow(set, core.state.create(set, adminBody(z.record(z.string(), z.unknown()), body, 'records')), 'v2', core.base.switches));
    },
    'POST records/:type/:id/:action': ({ params }) => {
      const set = setOf(params.type!);
      asAdmin(() => core.state.action(set, keyOf(set, params.id!), params.action!));
      return { ok: true };
    },
    // The kit clock moves by offsets; this puts "now" at an instant (it keeps running from there).
    'POST clock/at': ({ body }) => {
      const { now } = adminBody(clockAt, body, 'clock/at');
      core.base.clock.advance(Date.parse(now) - core.base.clock.now());
      return { ...core.state.local(), utc: new Date(core.base.clock.now()).toISOString() };
    },
    // The Messenger's delivery attempts (retries included), newest last.
    'GET webhooks/deliveries': () => core.messenger.deliveries,
    'GET server-time': () => ({ ...core.state.local(), timeZone: core.base.switches.timeZone }),
    // The B1SESSION values handed out lately (logged out or expired included), for secrets scans.
    'GET sessions/issued': () => ({ ids: [...core.sessions.recent] }),
  };
}
