// Blackout windows in the contract: saving an ERP connection's windows, and the
// question Sync now must ask inside one (the engine itself holds every call: engine/blackout).
import type { ServiceImpl } from '../../preload/contract/index.ts';
import { manifestFor } from '../../connectors/index.ts';
import type { FlowRow, Store } from '../store/index.ts';
import { describeWait, flowBlackoutWait } from '../engine/blackout/connection-blackouts.ts';
import { ServiceError, notFound } from './service-error.ts';
import { connectionView } from './views.ts';
import { nowIso, type ServiceContext } from './context.ts';

type Impl = Pick<ServiceImpl, 'connections:setBlackouts'>;

export function blackoutsService(ctx: ServiceContext, onChanged: (flowIds: string[]) => void): Impl {
  const { store } = ctx;
  return {
    'connections:setBlackouts': async ({ id, blackouts }) => {
      const row = store.connections.get(id) ?? (() => { throw notFound('Connection', id); })();
      const manifest = manifestFor(row.system);
      if (manifest?.role !== 'erp') {
        throw new ServiceError('BLACKOUTS_ERP_ONLY', `${row.name} is a ${manifest?.label ?? row.system} connection: blackout windows are for ERP connections.`, 'Set them on the ERP connection whose quiet times they are (e.g. Sage 300 during Day End).', { path: ['id'] });
      }
      store.connections.setBlackouts(id, blackouts, nowIso());
      ctx.logger.info({ connectionId: id, windows: blackouts?.windows.length ?? 0 }, 'blackout windows saved');
      onChanged(store.flows.list().filter((f) => f.sourceConnectionId === id || f.destConnectionId === id).map((f) => f.id));
      ctx.events.emit('connections:changed', {});
      return connectionView(ctx, store.connections.get(id)!);
    },
  };
}

/**
 * Why Sync now of these flows (all enabled ones when none are named) must be confirmed, or null: a
 * connection of one of them is in a blackout window. The error says what forcing does.
 */
export function blackoutRefusal(store: Store, flowIds: string[] | undefined, now = new Date()): ServiceError | null {
  const flows: FlowRow[] = flowIds?.length ? flowIds.map((id) => store.flows.get(id)).filter((f): f is FlowRow => f !== undefined) : store.flows.list().filter((f) => f.enabled);
  const waiting = flows.flatMap((f) => {
    const wait = flowBlackoutWait(store, f, now);
    return wait ? [{ flow: f, wait }] : [];
  });
  if (!waiting.length) return null;
  const first = waiting[0]!;
  const erps = [...new Set(waiting.map((w) => w.wait.connectionName))].join(' and ');
  const message =
    waiting.length === 1
      ? `${describeWait(store, first.wait, now)}: "${first.flow.name}" would call it during the window.`
      : `${waiting.length} flows would call an ERP during its blackout window: ${waiting.map((w) => `"${w.flow.name}" (${describeWait(store, w.wait, now)})`).join('; ')}.`;
  return new ServiceError(
    'BLACKOUT',
    message,
    `Sync anyway (force: true; in the CLI --force) starts the run now and calls ${erps} during the window, for this run only; scheduled runs keep waiting. Otherwise scheduled runs start by themselves when the window ends.`,
    { flows: waiting.map((w) => ({ flowId: w.flow.id, flowName: w.flow.name, ...w.wait })) },
  );
}
