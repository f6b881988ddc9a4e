import { randomUUID } from 'node:crypto';
import type { ServiceImpl, CheckResultView, ConnectionInput } from '../../preload/contract/index.ts';
import { catalogue } from '../../connectors/index.ts';
import { formFieldsOf } from '../engine/form-fields.ts';
import { configOf, openConnector, decryptSecrets } from '../engine/open-connector.ts';
import { connectionScope } from '../engine/connection-state.ts';
import { toConnectorError } from '../../connectors/kit/errors.ts';
import { ServiceError, notFound } from './service-error.ts';
import { originsOf, sameOrigins } from '../../preload/contract/connection-origin.ts';
import { assertTransportAllowed, consentAfterSave, type TransportTrust } from '../engine/transport-policy.ts';
import { connectionView } from './views.ts';
import { nowIso, type ServiceContext } from './context.ts';
import type { ConnectionRow } from '../store/index.ts';
import { sameDetails, testedDrafts, type CheckedDetails } from './tested-drafts.ts';

type Impl = Pick<ServiceImpl, 'connections:systems' | 'connections:list' | 'connections:create' | 'connections:update' | 'connections:delete' | 'connections:repoint' | 'connections:test'>;

export function normaliseFingerprint(fp: string | undefined): string | undefined {
  if (!fp) return undefined;
  const hex = fp.replace(/:/g, '').toUpperCase();
  return hex.match(/.{2}/g)!.join(':');
}

export function availableSystem(system: string) {
  const entry = catalogue().find((s) => s.id === system);
  if (!entry?.manifest) {
    throw new ServiceError('NOT_AVAILABLE_YET', `${entry?.label ?? system} connections are not available in this version yet.`, 'Choose one of the available systems.');
  }
  return entry.manifest;
}

/** The row's transport trust from a form: certificate pinning/CA, and plain-http consent for the origins it covers. */
function trustOf(settings: Record<string, unknown>, tls: ConnectionInput['tls'], plainHttpConsent: boolean | undefined): TransportTrust {
  const plainHttpOrigins = consentAfterSave(settings, undefined, plainHttpConsent);
  return {
    ...(tls?.fingerprint256 && { fingerprint256: normaliseFingerprint(tls.fingerprint256)! }),
    ...(tls?.ca && { ca: tls.ca }),
    ...(plainHttpOrigins.length && { plainHttpOrigins }),
  };
}

function saveSecrets(ctx: ServiceContext, connectionId: string, secrets: Record<string, string> | undefined) {
  for (const [name, value] of Object.entries(secrets ?? {})) ctx.store.secrets.set(connectionId, name, ctx.vault.encrypt(value));
}

/** What a check of this row is given (tested-drafts.ts): its config where the settings parse, else the settings as typed. */
function checkedDetails(row: Pick<ConnectionRow, 'system' | 'settings' | 'tls'>, secrets: Record<string, string>): CheckedDetails {
  let settings: unknown = row.settings;
  try {
    settings = configOf(row);
  } catch {
    // Settings the connector refuses: compared as typed (a check of them failed on exactly these).
  }
  return { system: row.system, settings, tls: row.tls, secrets };
}

export async function runCheck(ctx: ServiceContext, row: Pick<ConnectionRow, 'id' | 'system' | 'settings' | 'tls'>, secrets?: Record<string, string>): Promise<CheckResultView> {
  const checkedAt = nowIso();
  try {
    const connector = openConnector(ctx, row, secrets ? { secrets } : {});
    try {
      const result = await connector.check();
      return { ...result, checkedAt };
    } finally {
      await connector.close().catch(() => undefined);
    }
  } catch (e) {
    if (e instanceof ServiceError) return { ok: false, summary: e.message, problems: [{ code: e.code, message: e.message, ...(e.hint && { hint: e.hint }) }], checkedAt };
    const err = toConnectorError(e);
    return { ok: false, summary: err.message, problems: [{ code: err.code ?? 'UNEXPECTED', message: err.message, ...(err.hint && { hint: err.hint }), ...(err.data && { data: err.data }) }], checkedAt };
  }
}

export function connectionsService(ctx: ServiceContext): Impl {
  const { store } = ctx;
  const mustGet = (id: string) => store.connections.get(id) ?? (() => { throw notFound('Connection', id); })();
  const flowsUsing = (id: string) => store.flows.list().filter((f) => f.sourceConnectionId === id || f.destConnectionId === id);
  // Test connection of unsaved details, kept so that saving exactly those details keeps the test.
  const tested = testedDrafts();

  return {
    'connections:systems': async () =>
      catalogue().map((s) => ({ id: s.id, label: s.label, role: s.role, available: Boolean(s.manifest), fields: s.manifest ? formFieldsOf(s.manifest) : [] })),

    'connections:list': async () => store.connections.list().map((r) => connectionView(ctx, r)),

    'connections:create': async (input: ConnectionInput) => {
      const manifest = availableSystem(input.system);
      if (store.connections.byName(input.name)) throw new ServiceError('NAME_TAKEN', `A connection named "${input.name}" already exists.`, 'Pick another name.');
      const missing = manifest.secrets.filter((s) => !s.optional && !input.secrets?.[s.name]);
      if (missing.length) throw new ServiceError('MISSING_SECRET', `${missing.map((m) => m.label).join(', ')} is required.`, 'Enter it in the connection form.', { path: ['secrets', missing[0]!.name] });
      const id = randomUUID();
      const at = nowIso();
      const row = { id, system: input.system, name: input.name, settings: input.settings, tls: trustOf(input.settings, input.tls, input.plainHttpConsent), createdAt: at, updatedAt: at };
      assertTransportAllowed(row.settings, row.tls);
      const check = tested.resultFor(checkedDetails(row, input.secrets ?? {}));
      store.transaction(() => {
        store.connections.insert(row);
        saveSecrets(ctx, id, input.secrets);
        if (check) store.connections.setLastCheck(id, check);
      });
      ctx.events.emit('connections:changed', {});
      return connectionView(ctx, mustGet(id));
    },

    'connections:update': async ({ id, patch }) => {
      const cur = mustGet(id);
      if (patch.name && patch.name !== cur.name && store.connections.byName(patch.name)) throw new ServiceError('NAME_TAKEN', `A connection named "${patch.name}" already exists.`, 'Pick another name.');
      const settings = patch.settings ?? cur.settings;
      const { plainHttpOrigins: consented, ...certs } = patch.tls === undefined ? cur.tls : { ...cur.tls, ...(patch.tls.fingerprint256 !== undefined && { fingerprint256: normaliseFingerprint(patch.tls.fingerprint256)! }), ...(patch.tls.ca !== undefined && { ca: patch.tls.ca }) };
      // Plain-http consent is for an origin: a connection that moves keeps it only where it still points.
      const plainHttpOrigins = consentAfterSave(settings, consented, patch.plainHttpConsent);
      const tls: TransportTrust = { ...certs, ...(plainHttpOrigins.length && { plainHttpOrigins }) };
      if (patch.settings !== undefined || patch.plainHttpConsent !== undefined) assertTransportAllowed(settings, tls);
      // A new origin does not inherit the secrets given for the old one (connection-origin.ts).
      const moved = patch.settings !== undefined && !sameOrigins(cur.settings, patch.settings);
      // The last test stands only for the details it checked: other details keep the edit form's test of
      // exactly them, or none. Stored secrets this machine cannot read (another machine's keychain after a
      // restore) must not stop the admin entering them again: no earlier test stands for them.
      const stored = (() => {
        try {
          return decryptSecrets(ctx, id);
        } catch {
          return null;
        }
      })();
      const after = checkedDetails({ system: cur.system, settings, tls }, { ...(moved || !stored ? {} : stored), ...patch.secrets });
      const check = stored && sameDetails(checkedDetails(cur, stored), after) ? undefined : tested.resultFor(after);
      store.transaction(() => {
        store.connections.update({ id, name: patch.name ?? cur.name, settings, tls, updatedAt: nowIso() });
        if (moved) store.secrets.removeFor(id);
        saveSecrets(ctx, id, patch.secrets);
        if (check !== undefined) store.connections.setLastCheck(id, check);
      });
      if (moved) ctx.logger.info({ connectionId: id, from: originsOf(cur.settings), to: originsOf(patch.settings!) }, 'connection moved to another origin: stored secrets cleared');
      ctx.events.emit('connections:changed', {});
      return connectionView(ctx, mustGet(id));
    },

    'connections:delete': async ({ id }) => {
      const cur = mustGet(id);
      const using = flowsUsing(id);
      if (using.length) {
        throw new ServiceError(
          'IN_USE',
          `${using.length === 1 ? '1 flow uses' : `${using.length} flows use`} "${cur.name}": ${using.map((f) => f.name).join(', ')}.`,
          `Delete ${using.length === 1 ? 'it' : 'them'}, or move ${using.length === 1 ? 'it' : 'them'} to another ${cur.system} connection, then delete the connection.`,
          { flows: using.map((f) => ({ id: f.id, name: f.name })) },
        );
      }
      store.connections.delete(id);
      store.state.deleteScope(connectionScope(id)); // its cached tokens and counters go with it
      ctx.events.emit('connections:changed', {});
      return { deleted: true as const };
    },

    'connections:repoint': async ({ fromId, toId }) => {
      const from = mustGet(fromId);
      const to = mustGet(toId);
      if (fromId === toId) throw new ServiceError('SAME_CONNECTION', `The flows already use "${from.name}".`, 'Pick another connection to move them to.');
      if (to.system !== from.system) throw new ServiceError('WRONG_SYSTEM', `"${to.name}" is a ${to.system} connection; the flows need ${from.system}.`, `Pick a ${from.system} connection.`);
      const moving = flowsUsing(fromId);
      const running = moving.filter((f) => ctx.engine.isRunning(f.id));
      if (running.length) throw new ServiceError('RUNNING', `${running.map((f) => `"${f.name}"`).join(', ')} ${running.length === 1 ? 'is' : 'are'} running.`, 'Wait for the run to finish, then move the flows.');
      const at = nowIso();
      store.transaction(() => {
        for (const f of moving) {
          store.flows.save({ ...f, sourceConnectionId: f.sourceConnectionId === fromId ? toId : f.sourceConnectionId, destConnectionId: f.destConnectionId === fromId ? toId : f.destConnectionId, updatedAt: at });
        }
      });
      ctx.logger.info({ from: fromId, to: toId, flows: moving.length }, 'flows moved to another connection');
      const flowIds = moving.map((f) => f.id);
      if (flowIds.length) ctx.events.emit('flows:changed', { flowIds });
      return { flowIds };
    },

    'connections:test': async (input) => {
      if ('draft' in input) {
        availableSystem(input.draft.system);
        // Stored secrets only go where they were given for: the same system at the same origin(s).
        const saved = input.id ? store.connections.get(input.id) : undefined;
        const stored = saved && saved.system === input.draft.system && sameOrigins(saved.settings, input.draft.settings) ? decryptSecrets(ctx, saved.id) : {};
        // A draft is checked under an id of its own: the saved connection's cached session (a Sage 300
        // cookie, an OAuth token) would otherwise answer for it, and a mistyped new password would pass.
        const row = { id: `draft:${randomUUID()}`, system: input.draft.system, settings: input.draft.settings, tls: trustOf(input.draft.settings, input.draft.tls, input.draft.plainHttpConsent) };
        const secrets = { ...stored, ...input.draft.secrets };
        try {
          const result = await runCheck(ctx, row, secrets);
          tested.remember(checkedDetails(row, secrets), result);
          return result;
        } finally {
          store.state.deleteScope(connectionScope(row.id));
        }
      }
      const row = mustGet(input.id);
      const result = await runCheck(ctx, row);
      store.connections.setLastCheck(row.id, result);
      ctx.events.emit('connections:changed', {});
      return result;
    },
  };
}
