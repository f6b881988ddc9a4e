// Builds the engine's context from the service's: the engine reports store rows through its event sink,
// and here they become the contract's views on the service's bus (the only place they are shaped).
import type { EngineContext } from '../engine/context.ts';
import type { ServiceContext } from './context.ts';
import { readSettings } from './settings-service.ts';
import { alertView, runView } from './views.ts';

export function engineContextOf(ctx: ServiceContext): EngineContext {
  return {
    store: ctx.store,
    vault: ctx.vault,
    registry: ctx.registry,
    logger: ctx.logger,
    clock: ctx.clock ?? { now: () => new Date() },
    settings: () => readSettings(ctx),
    hostName: ctx.mode,
    events: {
      runStarted: (row) => ctx.events.emit('run:started', runView(row)),
      runFinished: (row) => ctx.events.emit('run:finished', runView(row)),
      progress: (p) => ctx.events.emit('run:progress', p),
      alert: (row) => ctx.events.emit('alert', alertView(row)),
    },
  };
}
