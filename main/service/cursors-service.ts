// Where each flow is: its watermark per source entity as stored and on the source
// connection's clock, the overlap each poll re-reads (the connector's, known without connecting) and the
// engine's safety lag, the zone it assumes, and an interrupted read being resumed. Read from the store.
import type { Cursor, ServiceImpl } from '../../preload/contract/index.ts';
import type { FlowRow } from '../store/index.ts';
import { changeWindowOf, timeZoneOf } from '../engine/open-connector.ts';
import { SAFETY_LAG_MS } from '../engine/runner.ts';
import { instantOfWallClock, wallClockOf } from '../engine/wall-clock.ts';
import { notFound } from './service-error.ts';
import type { ServiceContext } from './context.ts';

const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** A Sage 300 watermark: a calendar day, with extra state after `|` (the last order uniquifier). */
const DAY = /^(\d{4})-(\d{2})-(\d{2})(\|.*)?$/;
/** A server-local wall-clock watermark written by an older version (SAP B1's minute, Sage 100's second). */
const WALL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The instant a stored watermark stands for and how the connection's clock shows it. */
export function watermarkTime(raw: string | null, timeZone: string): { at: string | null; local: string | null } {
  if (raw === null) return { at: null, local: null };
  if (UTC_INSTANT.test(raw)) return { at: new Date(raw).toISOString(), local: wallClockOf(new Date(raw), timeZone) };
  const day = DAY.exec(raw);
  // Dates are calendar days (Sage 300 counts them in UTC): the day itself is what the admin reads.
  if (day) return { at: `${day[1]}-${day[2]}-${day[3]}T00:00:00.000Z`, local: `${day[1]}-${day[2]}-${day[3]}` };
  const wall = WALL.exec(raw);
  if (wall) {
    const [y, mo, d, h, mi, s] = wall.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
    return { at: instantOfWallClock(Date.UTC(y, mo - 1, d, h, mi, s), timeZone).toISOString(), local: raw.replace('T', ' ') };
  }
  return { at: null, local: null };
}

function cursorsOf(ctx: ServiceContext, flow: FlowRow): Cursor[] {
  const conn = ctx.store.connections.get(flow.sourceConnectionId);
  const zone = (() => {
    try {
      return conn ? timeZoneOf(conn) : null;
    } catch {
      return null;
    }
  })();
  const timeZone = zone ?? 'UTC';
  const rows = ctx.store.watermarks.list(flow.id);
  // A flow that never completed a read still has a cursor: none yet (its first run reads everything).
  const entities = rows.some((r) => r.entity === flow.sourceEntity) ? rows : [{ entity: flow.sourceEntity, value: null, resume: null, windowSince: null, updatedAt: null }, ...rows];
  return entities.map((w) => {
    const window = (() => {
      try {
        return conn ? changeWindowOf(conn, w.entity) : null;
      } catch {
        return null;
      }
    })();
    return {
      flowId: flow.id,
      entity: w.entity,
      raw: w.value,
      ...watermarkTime(w.value, timeZone),
      timeZone,
      timeZoneFrom: zone ? 'connection' : 'utc',
      window: { stamp: window?.stamp ?? 'instant', overlapSeconds: window?.overlapSeconds ?? 0, field: window?.field ?? null },
      safetyLagSeconds: SAFETY_LAG_MS / 1000,
      resumingFrom: w.resume ? (w.windowSince ?? 'the beginning (a full read)') : null,
      updatedAt: w.updatedAt,
    };
  });
}

export function cursorsService(ctx: ServiceContext): Pick<ServiceImpl, 'flows:cursors'> {
  return {
    'flows:cursors': async (input) => {
      const flowId = input?.flowId;
      if (flowId === undefined) return ctx.store.flows.list().flatMap((f) => cursorsOf(ctx, f));
      const flow = ctx.store.flows.get(flowId);
      if (!flow) throw notFound('Flow', flowId);
      return cursorsOf(ctx, flow);
    },
  };
}
