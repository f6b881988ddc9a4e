// (e) Responsiveness: does the admin wait for the engine? `ml-connector serve` runs in a child
// (bench/sync-child.mjs, which measures its main thread's event-loop delay); the bench calls the API the
// way the UI does — `runs:list` every 100 ms over HTTP — first idle, then while an initial load runs
// (Sync now of the given flows, no rate limit), and reports the calls' latency (p50/p95/p99/max) and the
// main thread's event-loop delay in both windows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from './lib/percentile.ts';
import type { EventLoopSnapshot, ServeChild } from './lib/children.ts';

const POLL_MS = 100;
const IDLE_SECONDS = 10;
const FINISHED = new Set(['succeeded', 'partial', 'failed', 'cancelled', 'interrupted']);

export interface CallLatency {
  calls: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface ResponsivenessWindow {
  seconds: number;
  callMs: CallLatency;
  eventLoopDelayMs: EventLoopSnapshot['eventLoopDelayMs'];
}

export interface ResponsivenessResult {
  idle: ResponsivenessWindow;
  load: ResponsivenessWindow & { sourceRecords: number; recordsPerSecond: number; runs: { status: string; read: number }[] };
  /** The serve process (workers included), sandboxes excluded. */
  peakRssMb: number;
  cpuSeconds: number;
  /** Messages and structured-clone bytes between serve's main thread and its engine thread. */
  engineThread?: Record<string, number>;
}

/** The engine thread's boundary figures, from the line serve logs when it stops (main/engine-thread/engine-host.ts). */
export function engineThreadBoundary(dataDir: string): Record<string, number> | null {
  try {
    const lines = readFileSync(join(dataDir, 'logs', 'ml-connector.log'), 'utf8').trim().split('\n');
    const line = lines.reverse().find((l) => l.includes('"engine thread boundary"'));
    if (!line) return null;
    const { messagesIn, messagesOut, bytesIn, bytesOut, decrypts, restarts } = JSON.parse(line) as Record<string, number>;
    return { messagesIn: messagesIn!, messagesOut: messagesOut!, bytesIn: bytesIn!, bytesOut: bytesOut!, decrypts: decrypts!, restarts: restarts! };
  } catch {
    return null;
  }
}

interface RunLike {
  id: string;
  status: string;
  counts: { read: number };
}

async function call<T>(serve: ServeChild, channel: string, input: unknown): Promise<T> {
  const res = await fetch(`${serve.url}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message ?? res.status}`);
  return body.value as T;
}

function latency(times: number[]): CallLatency {
  const sorted = [...times].sort((a, b) => a - b);
  return { calls: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0 };
}

/** Calls `runs:list` every POLL_MS (the next call right away when one took longer) until `done` says so. */
async function poll(serve: ServeChild, done: (runs: RunLike[], seconds: number) => boolean): Promise<{ times: number[]; seconds: number }> {
  const times: number[] = [];
  const started = performance.now();
  for (;;) {
    const t0 = performance.now();
    const runs = await call<RunLike[]>(serve, 'runs:list', { limit: 50 });
    const t1 = performance.now();
    times.push(t1 - t0);
    const seconds = (t1 - started) / 1000;
    if (done(runs, seconds)) return { times, seconds };
    const wait = POLL_MS - (performance.now() - t0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}

export async function measureResponsiveness(serve: ServeChild, flowIds: string[], log: (l: string) => void, timeoutSeconds = 900): Promise<ResponsivenessResult> {
  // Warm-up: the first calls load code paths and prepare statements.
  await poll(serve, (_r, s) => s >= 1);
  await serve.resetWindow();
  const idleCalls = await poll(serve, (_r, s) => s >= IDLE_SECONDS);
  const idleLoop = await serve.snapshot();
  log(`(e) idle: call p99 ${latency(idleCalls.times).p99.toFixed(1)} ms, event-loop delay p99 ${idleLoop.eventLoopDelayMs.p99.toFixed(1)} ms`);

  await serve.resetWindow();
  const t0 = performance.now();
  const started = await call<RunLike[]>(serve, 'runs:syncNow', { flowIds, full: false });
  const ids = new Set(started.map((r) => r.id));
  let last: RunLike[] = [];
  const loadCalls = await poll(serve, (runs, s) => {
    if (s > timeoutSeconds) throw new Error(`(e) the initial load did not finish within ${timeoutSeconds} s`);
    last = runs.filter((r) => ids.has(r.id));
    return last.length === ids.size && last.every((r) => FINISHED.has(r.status));
  });
  const loadSeconds = (performance.now() - t0) / 1000;
  const loadLoop = await serve.snapshot();
  const records = last.reduce((n, r) => n + r.counts.read, 0);
  const load = latency(loadCalls.times);
  log(`(e) load: ${records} records in ${loadSeconds.toFixed(1)} s; call p50 ${load.p50.toFixed(1)} / p99 ${load.p99.toFixed(1)} / max ${load.max.toFixed(1)} ms, event-loop delay p99 ${loadLoop.eventLoopDelayMs.p99.toFixed(1)} ms`);
  return {
    idle: { seconds: idleCalls.seconds, callMs: latency(idleCalls.times), eventLoopDelayMs: idleLoop.eventLoopDelayMs },
    load: {
      seconds: loadSeconds,
      callMs: load,
      eventLoopDelayMs: loadLoop.eventLoopDelayMs,
      sourceRecords: records,
      recordsPerSecond: records / loadSeconds,
      runs: last.map((r) => ({ status: r.status, read: r.counts.read })),
    },
    peakRssMb: loadLoop.peakRssMb,
    cpuSeconds: loadLoop.cpuSeconds,
  };
}
