// Child processes for the benchmarks and the chaos run: the sandboxes (`ml-connector sandbox …`, one JSON
// line on stdout) and the sync process (`ml-connector sync …` through bench/sync-child.mjs, which reports
// the process's own peak RSS and CPU time when it exits). Everything binds to 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { launcherNodeFlags } from '../../scripts/launcher-flags.ts';

const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'scripts', 'ml-connector.mjs');
const SYNC_CHILD = join(ROOT, 'bench', 'sync-child.mjs');
/** The flags `npx ml-connector` runs with (the launcher's shebang), for the processes measured. */
const COMMAND_FLAGS = launcherNodeFlags();

export interface SandboxChild {
  line: Record<string, unknown> & { url: string; admin: string };
  pid: number;
  stop(): Promise<void>;
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

/** Starts `ml-connector sandbox <system> --port 0 …` and resolves with its JSON line. */
export function startSandboxChild(system: 'sage300' | 'hubspot' | 'zoho' | 'sapb1' | 'sage100' | 'intacct', args: string[], timeoutMs = 120_000): Promise<SandboxChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=4096', CLI, 'sandbox', system, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${system} sandbox did not start within ${timeoutMs} ms: ${err.slice(-500)}`));
    }, timeoutMs);
    child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try {
        const line = JSON.parse(out.slice(0, nl)) as SandboxChild['line'];
        resolve({
          line,
          pid: child.pid!,
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill('SIGTERM');
            const t = setTimeout(() => child.kill('SIGKILL'), 5000);
            await waitExit(child);
            clearTimeout(t);
          },
        });
      } catch (e) {
        child.kill('SIGKILL');
        reject(e as Error);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${system} sandbox exited with ${code}: ${err.slice(-500)}`));
    });
  });
}

export interface ProcessUsage {
  /** Peak resident set size of the process, MB (getrusage ru_maxrss). */
  peakRssMb: number;
  /** User + system CPU seconds of the whole process, start-up included. */
  cpuSeconds: number;
  /** Wall seconds from the first line of the wrapper to exit. */
  wallSeconds: number;
  /** Largest V8 heap (total and used) and off-heap memory (buffers, ArrayBuffers) sampled every 200 ms, MB. */
  newSpaceMb?: number;
  heapTotalMb?: number;
  heapUsedMb?: number;
  externalMb?: number;
  /** Largest heap right after a full collection (what is really alive), MB, and how many there were. */
  liveAfterMajorGcMb?: number;
  majorGcs?: number;
  /** Young-generation (scavenge) collections and the main thread's time in them and in full collections. */
  minorGcs?: number;
  minorGcSeconds?: number;
  majorGcSeconds?: number;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  usage: ProcessUsage | null;
  killed: boolean;
}

export interface CliOptions {
  /** Called for every stderr line (progress); may kill the child through `kill()`. */
  onLine?: (line: string, kill: () => void) => void;
  env?: Record<string, string>;
  /** Kill the child (SIGKILL) after this long: no run is allowed to hang a benchmark. */
  timeoutMs?: number;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

/** Runs `ml-connector --data-dir DIR <args>` in a child that reports its own rusage on exit. */
export function runCli(dataDir: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  const usageFile = join(tmpdir(), `mlc-usage-${randomUUID()}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...COMMAND_FLAGS, ...(options.nodeArgs ?? []), SYNC_CHILD, '--data-dir', dataDir, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env, MLC_BENCH_USAGE_FILE: usageFile },
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      child.kill('SIGKILL');
    };
    const timer = options.timeoutMs ? setTimeout(kill, options.timeoutMs) : null;
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => {
      const s = c.toString();
      stderr = (stderr + s).slice(-200_000);
      partial += s;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) options.onLine?.(l, kill);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      let usage: ProcessUsage | null = null;
      try {
        usage = JSON.parse(readFileSync(usageFile, 'utf8')) as ProcessUsage;
        rmSync(usageFile, { force: true });
      } catch {
        /* killed before it could write */
      }
      resolve({ code, signal, stdout, stderr, usage, killed });
    });
  });
}

/** POSTs/GETs JSON to a sandbox admin URL. */
export async function adminCall<T = unknown>(url: string, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(url, { method, ...(body !== undefined && { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** CPU seconds (user + system) a live process has used so far, from /proc (Linux); null elsewhere. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100;
  } catch {
    return null;
  }
}

export interface EventLoopSnapshot {
  /** Main-thread event-loop delay over the window, ms (beyond the 10 ms sampling interval). */
  eventLoopDelayMs: { p50: number; p95: number; p99: number; max: number; samples: number };
  peakRssMb: number;
  cpuSeconds: number;
}

export interface ServeChild {
  url: string;
  token: string;
  pid: number;
  /** Starts a measuring window of the child's event-loop delay. */
  resetWindow(): Promise<void>;
  /** The window's figures (and the process's peak RSS and CPU so far). */
  snapshot(): Promise<EventLoopSnapshot>;
  stop(): Promise<void>;
}

/** Starts `ml-connector --data-dir DIR serve --port 0` through bench/sync-child.mjs with an IPC channel. */
export function startServeChild(dataDir: string, timeoutMs = 60_000): Promise<ServeChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...COMMAND_FLAGS, SYNC_CHILD, '--data-dir', dataDir, 'serve', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let out = '';
    let err = '';
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start within ${timeoutMs} ms: ${err.slice(-500)}`));
    }, timeoutMs);
    const ask = <T>(message: string, type: string): Promise<T> =>
      new Promise((res) => {
        const on = (m: { type?: string }) => {
          if (m?.type !== type) return;
          child.off('message', on);
          res(m as T);
        };
        child.on('message', on);
        child.send(message);
      });
    child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl < 0 || started) return;
      started = true;
      clearTimeout(timer);
      const line = JSON.parse(out.slice(0, nl)) as { url: string; token: string };
      resolve({
        url: new URL(line.url).origin,
        token: line.token,
        pid: child.pid!,
        resetWindow: () => ask<unknown>('reset', 'reset').then(() => undefined),
        snapshot: () => ask<EventLoopSnapshot>('snapshot', 'snapshot'),
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await waitExit(child);
          clearTimeout(t);
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${err.slice(-500)}`));
    });
  });
}
