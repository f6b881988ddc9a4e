// The engine thread's entry (worker_threads): opens its own connection to the store (the one the engine
// writes with; WAL lets the main thread read meanwhile), builds the engine's context — secrets decrypted
// by the main thread on demand, log lines and the engine's events posted to it — and answers the main
// thread's calls. Started by engine-host.ts; in a bundle, by the bundle's entry (see isEngineThread).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openStore } from '../store/index.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import type { EngineContext } from '../engine/context.ts';
import { createSharedRegistry } from '../engine/shared-registry.ts';
import { setHeapGrowthBudget } from '../engine/memory-governor.ts';
import { readSettings } from '../service/settings-service.ts';
import type { Logger } from '../../connectors/kit/types.ts';
import { handoverVault } from './handover-vault.ts';
import { toWire } from './wire-error.ts';
import { passes } from './log-level.ts';
import type { EngineThreadInit, FromEngine, ToEngine } from './protocol.ts';
import { isEngineThread } from './is-engine-thread.ts';

/**
 * The thread's heap growth between full collections, below the CLI's 48 MB: the main thread's isolate
 * and its store connection share the process, which must stay within the app's memory target. The
 * thread's live heap is small, so the extra collections cost little CPU (bench/README.md has the figures).
 */
const THREAD_HEAP_GROWTH_BYTES = 16 * 2 ** 20;

export function runEngineThread(port: MessagePort, init: EngineThreadInit): void {
  const post = (m: FromEngine) => port.postMessage(m);
  setHeapGrowthBudget(THREAD_HEAP_GROWTH_BYTES);
  const store = openStore(init.dataDir);
  // Lines the main logger would drop are dropped here, before they are cloned and posted: at the default
  // level (info) that is the connectors' line per HTTP request, most of the messages of a load.
  const logAt =
    (level: keyof Logger) =>
    (obj: object | string, msg?: string): void => {
      if (passes(level, init.logLevel ?? 'debug')) post({ type: 'log', level, obj, ...(msg !== undefined && { msg }) });
    };
  const logger: Logger = { debug: logAt('debug'), info: logAt('info'), warn: logAt('warn'), error: logAt('error') };
  let engine: Engine | null = null;
  const registry = createSharedRegistry();
  const ctx: EngineContext = {
    store,
    vault: handoverVault(init.vaultBackend, init.secretsBuffer, (blob) => post({ type: 'decrypt', blob })),
    registry,
    logger,
    clock: { now: () => new Date() },
    settings: () => readSettings({ store }),
    hostName: init.hostName,
    events: {
      runStarted: (row) => post({ type: 'runStarted', row }),
      runFinished: (row) => post({ type: 'runFinished', row, paused: engine?.paused() ?? [] }),
      progress: (progress) => post({ type: 'progress', progress }),
      alert: (row) => post({ type: 'alert', row }),
    },
  };
  engine = createEngine(ctx, init.owner);
  const live = engine;
  port.on('message', (m: ToEngine) => {
    if (m.type !== 'call') return;
    const fn = live[m.method] as (...args: unknown[]) => unknown;
    Promise.resolve()
      .then(() => fn.apply(live, m.args))
      // Sessions still waiting for a next flow are logged out before the thread ends.
      .then(async (value: unknown) => (m.method === 'stop' ? registry.close().then(() => value) : value))
      .then(
        (value) => {
          if (m.method === 'stop') store.close();
          post({ type: 'result', id: m.id, ok: true, value: value ?? null });
          if (m.method === 'stop') port.close();
        },
        (e: unknown) => post({ type: 'result', id: m.id, ok: false, error: toWire(e) }),
      );
  });
  if (init.schedule) engine.start();
  post({ type: 'ready' });
}

if (isEngineThread()) runEngineThread(parentPort!, workerData as EngineThreadInit);
