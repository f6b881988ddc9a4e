// Store rows → the contract's views. Secret values are never part of a view.
import type { Connection, Flow, Run, Alert } from '../../preload/contract/index.ts';
import { mappingSchema, scheduleSchema } from '../../preload/contract/index.ts';
import type { ConnectionRow, FlowRow, RunRow, AlertRow } from '../store/index.ts';
import type { ServiceContext } from './context.ts';
import { timeZoneOf } from '../engine/open-connector.ts';
import { transportWarnings } from '../engine/transport-policy.ts';
import { savedBlackoutsOf, blackoutStatusOf, flowBlackoutWait } from '../engine/blackout/connection-blackouts.ts';

export function connectionView(ctx: ServiceContext, row: ConnectionRow): Connection {
  return {
    id: row.id,
    system: row.system as Connection['system'],
    name: row.name,
    settings: row.settings,
    secretsSet: ctx.store.secrets.names(row.id),
    tls: { ...(row.tls.fingerprint256 && { fingerprint256: row.tls.fingerprint256 }), hasCustomCa: Boolean(row.tls.ca) },
    plainHttpConsent: Boolean(row.tls.plainHttpOrigins?.length),
    warnings: transportWarnings(row.settings, row.tls),
    lastCheck: (row.lastCheck as Connection['lastCheck']) ?? null,
    blackouts: savedBlackoutsOf(row),
    blackoutStatus: blackoutStatusOf(row, new Date()),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function runView(row: RunRow): Run {
  return {
    id: row.id,
    flowId: row.flowId,
    trigger: row.trigger as Run['trigger'],
    status: row.status as Run['status'],
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    counts: row.counts,
    expected: row.expected,
    written: row.written,
    error: row.error,
    ...(row.resyncFrom && { resyncFrom: row.resyncFrom }),
  };
}

/** Null too when the connection is gone or its settings no longer parse: the flow's own errors say so. */
function sourceTimeZoneOf(ctx: ServiceContext, row: FlowRow): string | null {
  const conn = ctx.store.connections.get(row.sourceConnectionId);
  try {
    return conn ? timeZoneOf(conn) : null;
  } catch {
    return null;
  }
}

export function flowView(ctx: ServiceContext, row: FlowRow): Flow {
  const last = ctx.store.runs.latestForFlow(row.id);
  const running = ctx.engine.isRunning(row.id);
  const state: Flow['state'] = running ? 'running' : !row.enabled ? 'paused' : last && last.status === 'failed' ? 'error' : 'idle';
  const waitingFor = flowBlackoutWait(ctx.store, row, new Date());
  return {
    id: row.id,
    name: row.name,
    template: row.template,
    templateVersion: row.templateVersion ?? null,
    sourceConnectionId: row.sourceConnectionId,
    sourceEntity: row.sourceEntity,
    sourceTimeZone: sourceTimeZoneOf(ctx, row),
    destConnectionId: row.destConnectionId,
    destObject: row.destObject,
    mapping: mappingSchema.parse(row.mapping),
    schedule: scheduleSchema.parse(row.schedule),
    enabled: row.enabled,
    dependsOn: row.dependsOn,
    state,
    lastRun: last ? runView(last) : null,
    nextRunAt: row.enabled ? ctx.engine.nextRunAt(row.id) : null,
    waitingFor,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const alertView = (row: AlertRow): Alert => row;
