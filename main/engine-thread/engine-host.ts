// The main thread's side of the engine thread: an Engine whose work happens in a worker_threads worker
// (engine-thread-main.ts), so nothing the admin touches — IPC, HTTP, windows, the tray — ever waits for a
// page to be mapped, hashed or committed. Calls go over as messages; the engine's events come back and are
// shaped for the UI here, as before; isRunning/nextRunAt answer synchronously from a mirror of what the
// thread reported and the main thread's own read connection. Secrets are decrypted here, on demand
// (handover-vault.ts). If the thread dies, its flow locks are freed, its unfinished runs are marked
// interrupted by the next incarnation (as after a crash of the process), and a new thread starts.
import { randomUUID } from 'node:crypto';
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../connectors/kit/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { EngineEvents } from '../engine/context.ts';
import { EngineError } from '../engine/engine-error.ts';
import { nextRunAtOf } from '../engine/next-run.ts';
import type { Store } from '../store/index.ts';
import type { Vault } from '../secrets/vault.ts';
import { answerDecrypt, createSecretsBuffer } from './handover-vault.ts';
import { fromEngineSchema, type CallName, type EngineThreadInit, type FromEngine, type ToEngine } from './protocol.ts';
import { fromWire } from './wire-error.ts';
import { lowestLevel } from './log-level.ts';
import { ENGINE_YOUNG_GENERATION_MB } from './young-generation.ts';

/**
 * Where the engine thread's code is. A bundle passes its own entry (which checks isEngineThread()); from
 * the source tree the thread registers tsx itself and imports the TypeScript entry (`--import tsx` in a
 * worker's execArgv does not reach the worker's module loader on Node 20).
 */
export interface EngineThreadEntry {
  url: URL;
  /** Evaluate `url` as a script body instead of loading it as a file (the source tree's bootstrap). */
  eval?: string;
}

export interface EngineThreadOptions {
  dataDir: string;
  hostName: string;
  /** The main thread's store connection (reads for nextRunAt; lock clean-up after a crash). */
  store: Store;
  vault: Vault;
  logger: Logger;
  events: EngineEvents;
  schedule: boolean;
  entry?: EngineThreadEntry;
}

/** What crossed the boundary: what running the engine in its own thread costs (the bench reports it). */
export interface BoundaryStats {
  messagesIn: number;
  messagesOut: number;
  /** Structured-clone bytes of the messages from the engine thread (v8.serialize size). */
  bytesIn: number;
  bytesOut: number;
  decrypts: number;
  restarts: number;
}

/** Restarts allowed within RESTART_WINDOW_MS before the host gives up (a thread that dies at start). */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
const STOP_TIMEOUT_MS = 60_000;

/** The source tree's entry, run through tsx (tests, `node --import tsx`, the bench). */
function sourceEntry(): EngineThreadEntry {
  const url = new URL('./engine-thread-main.ts', import.meta.url);
  let api = 'tsx/esm/api';
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    // Resolved from the working folder instead.
  }
  const script = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); }).catch((e) => { setImmediate(() => { throw e; }); });`;
  return { url, eval: script };
}

export interface ThreadedEngine extends Engine {
  boundary(): BoundaryStats;
  /** The young generation (MB) the running thread was started with (young-generation.ts says why it matters). */
  youngGenerationMb(): number;
  /** Ends the thread the way a crash would (no stop, no goodbye); the host recovers as from a crash. */
  killThread(): Promise<void>;
}

export function startEngineThread(options: EngineThreadOptions): ThreadedEngine {
  const entry = options.entry ?? sourceEntry();
  const secretsBuffer = createSecretsBuffer();
  const stats: BoundaryStats = { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, decrypts: 0, restarts: 0 };
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const running = new Set<string>();
  let paused = new Map<string, number>();
  let nextId = 1;
  let stopping = false;
  let started = options.schedule;
  const restarts: number[] = [];
  let worker: Worker;
  let owner: string;

  function spawn(): void {
    owner = `${options.hostName}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const init: EngineThreadInit = { kind: 'mlc-engine-thread', dataDir: options.dataDir, owner, hostName: options.hostName, vaultBackend: options.vault.backend, secretsBuffer, schedule: started, logLevel: lowestLevel(options.logger) };
    const resourceLimits = { maxYoungGenerationSizeMb: ENGINE_YOUNG_GENERATION_MB };
    worker = entry.eval ? new Worker(entry.eval, { eval: true, workerData: init, resourceLimits }) : new Worker(entry.url, { workerData: init, resourceLimits });
    const current = worker;
    current.on('message', (raw: unknown) => onMessage(raw));
    current.on('error', (e) => options.logger.error({ err: e.message, stack: e.stack }, 'engine thread failed'));
    current.on('exit', (code) => {
      if (current !== worker) return;
      for (const [, p] of pending) p.reject(new EngineError('ENGINE_STOPPED', stopping ? 'The engine stopped before answering.' : 'The engine thread stopped unexpectedly; it is restarting.', 'Try again in a moment.'));
      pending.clear();
      running.clear();
      if (stopping) return;
      // Its runs cannot finish: free their locks so the next incarnation marks them interrupted and runs
      // the flows again from their last committed group, as after a crash of the whole process.
      const freed = options.store.locks.releaseOwner(owner);
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift();
      options.logger.error({ code, freedLocks: freed, restartsInLastMinute: restarts.length }, 'engine thread exited unexpectedly');
      if (restarts.length > MAX_RESTARTS) {
        options.logger.error({}, 'engine thread keeps dying; not restarting it (see the errors above)');
        return;
      }
      stats.restarts++;
      spawn();
    });
  }

  function onMessage(raw: unknown): void {
    stats.messagesIn++;
    const parsed = fromEngineSchema.safeParse(raw);
    if (!parsed.success) {
      options.logger.warn({ issue: parsed.error.issues[0]?.message }, 'engine thread: unknown message dropped');
      return;
    }
    const m = raw as FromEngine;
    if (m.type !== 'decrypt') stats.bytesIn += serialize(m).length;
    switch (m.type) {
      case 'ready':
        return;
      case 'result': {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(fromWire(m.error));
        return;
      }
      case 'runStarted':
        running.add(m.row.flowId);
        options.events.runStarted(m.row);
        return;
      case 'runFinished':
        running.delete(m.row.flowId);
        paused = new Map(m.paused);
        options.events.runFinished(m.row);
        return;
      case 'progress':
        options.events.progress(m.progress);
        return;
      case 'alert':
        options.events.alert(m.row);
        return;
      case 'log':
        options.logger[m.level](m.obj, m.msg);
        return;
      case 'decrypt':
        stats.decrypts++;
        answerDecrypt(options.vault, secretsBuffer, m.blob);
        return;
    }
  }

  function call<T>(method: CallName, ...args: unknown[]): Promise<T> {
    const id = nextId++;
    const message: ToEngine = { type: 'call', id, method, args };
    stats.messagesOut++;
    stats.bytesOut += serialize(message).length;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage(message);
    });
  }
  /** Calls whose answer nobody waits for: a failure is logged. */
  const tell = (method: CallName, ...args: unknown[]) => void call(method, ...args).catch((e: Error) => options.logger.warn({ method, err: e.message }, 'engine thread call failed'));

  spawn();
  return {
    isRunning: (flowId) => running.has(flowId),
    nextRunAt: (flowId) => nextRunAtOf(options.store, flowId, paused.get(flowId), new Date()),
    paused: () => [...paused],
    syncNow: (flowIds, full, force) => call('syncNow', flowIds, full, force ?? false),
    cancel: (runId) => call('cancel', runId),
    reconcile: (input) => call('reconcile', input),
    approveDeletions: (input) => call('approveDeletions', input),
    replay: (input) => call('replay', input),
    dryRun: (input) => call('dryRun', input),
    dryRunEstimate: (input) => call('dryRunEstimate', input),
    resync: (input) => call('resync', input),
    resyncEstimate: (input) => call('resyncEstimate', input),
    runNow: (flowIds, runOptions) => call('runNow', flowIds, runOptions),
    enqueue: (flowIds, trigger) => tell('enqueue', flowIds, trigger),
    tick: (now) => tell('tick', now),
    flowsChanged: (flowIds) => tell('flowsChanged', flowIds),
    settingsChanged: () => tell('settingsChanged'),
    start() {
      started = true;
      tell('start');
    },
    async stop() {
      if (stopping) return;
      const current = worker;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      const answered = call('stop').catch(() => undefined);
      stopping = true;
      const timer = setTimeout(() => void current.terminate(), STOP_TIMEOUT_MS);
      await answered;
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      clearTimeout(timer);
      await current.terminate();
      options.logger.info({ ...stats }, 'engine thread boundary');
    },
    boundary: () => ({ ...stats }),
    youngGenerationMb: () => worker.resourceLimits?.maxYoungGenerationSizeMb ?? 0,
    async killThread() {
      const current = worker;
      const restarted = new Promise<void>((resolve) => current.once('exit', () => setImmediate(resolve)));
      await current.terminate();
      await restarted;
    },
  };
}
