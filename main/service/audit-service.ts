import type { ServiceImpl, AuditEvent, AuditDetail } from '../../preload/contract/index.ts';
import type { RecordEventRow, RecordEventDetail } from '../store/index.ts';
import { notFound, ServiceError } from './service-error.ts';
import type { ServiceContext } from './context.ts';
import { toCsv } from './audit-csv.ts';

type Impl = Pick<ServiceImpl, 'audit:query' | 'audit:count' | 'audit:get' | 'audit:exportCsv'>;

export const eventView = (r: RecordEventRow): AuditEvent => ({
  id: r.id,
  runId: r.runId,
  flowId: r.flowId,
  at: r.at,
  direction: r.direction,
  sourceSystem: r.sourceSystem,
  sourceEntity: r.sourceEntity,
  sourceId: r.sourceId,
  sourceLabel: r.sourceLabel,
  destObject: r.destObject,
  destId: r.destId,
  action: r.action as AuditEvent['action'],
  attempt: r.attempt,
  error: r.error,
  replayOf: r.replayOf,
  resolved: r.resolved,
});

/** Cursors are opaque to the UI: the last id of the page, base64url-encoded. */
const encodeCursor = (id: number) => Buffer.from(`e${id}`).toString('base64url');
function decodeCursor(cursor: string | null | undefined): number | null {
  if (!cursor) return null;
  const m = /^e(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new ServiceError('INVALID_CURSOR', 'The page cursor is not valid.', 'Start again from the first page.');
  return Number(m[1]);
}

export function detailView(ctx: ServiceContext, d: RecordEventDetail): AuditDetail {
  const history: AuditEvent[] = [];
  if (d.replayOf !== null) {
    const original = ctx.store.events.get(d.replayOf);
    if (original) history.push(eventView(original));
  }
  history.push(...ctx.store.events.replaysOf(d.replayOf ?? d.id).filter((e) => e.id !== d.id).map(eventView));
  // An unchanged record points at the write it matched (migration 0010): show that write's payloads.
  const writer = d.payloadOf !== null && d.sourcePayload === null && d.mappedPayload === null ? ctx.store.events.get(d.payloadOf) : undefined;
  const send = d.replayOf !== null ? ctx.store.replaySends.get(d.id) : undefined;
  const replaySend = send ? { sent: send.sent, note: send.note, mappingSavedAt: send.mappingSavedAt, mappingHash: send.mappingHash } : null;
  const fieldChanges = ctx.store.fieldChanges.get(d.id) ?? null;
  if (writer) return { ...eventView(d), sourcePayload: writer.sourcePayload, mappedPayload: writer.mappedPayload, payloadOf: writer.id, history, replaySend, fieldChanges };
  return { ...eventView(d), sourcePayload: d.sourcePayload, mappedPayload: d.mappedPayload, payloadOf: null, history, replaySend, fieldChanges };
}

export function auditService(ctx: ServiceContext): Impl {
  const { events } = ctx.store;
  return {
    'audit:query': async ({ limit, cursor, ...filter }) => {
      const rows = events.query(filter, limit, decodeCursor(cursor));
      return { events: rows.map(eventView), nextCursor: rows.length === limit ? encodeCursor(rows[rows.length - 1]!.id) : null };
    },
    'audit:count': async (filter) => events.count(filter, 100_000),
    'audit:get': async ({ id }) => {
      const d = events.get(id);
      if (!d) throw notFound('Audit event', id);
      return detailView(ctx, d);
    },
    'audit:exportCsv': async ({ limit, ...filter }) => {
      const rows = [...events.iterate(filter, limit)];
      const names = new Map([...ctx.store.deletedFlows.list().map((f) => [f.id, `${f.name} (deleted flow)`] as const), ...ctx.store.flows.list().map((f) => [f.id, f.name] as const)]);
      return { csv: toCsv(rows, (id) => names.get(id) ?? id), rows: rows.length };
    },
  };
}
