// The messages between a host's main thread and the engine thread (worker_threads). The main thread keeps
// everything the admin touches (IPC, HTTP, windows) and reads the store through its own connection; the
// engine thread owns the engine, its scheduler and the store connection it writes with. Everything that
// crosses is structured-cloned: calls and their results, store rows the engine reports, log lines, and
// secrets the main thread decrypts for the engine (through a shared buffer, see handover-vault.ts).
import { z } from 'zod';
import type { Logger } from '../../connectors/kit/types.ts';
import type { AlertRow, RunRow } from '../store/index.ts';
import type { RunProgress } from '../../preload/contract/index.ts';

/** What the engine thread is started with (workerData). */
export interface EngineThreadInit {
  kind: 'mlc-engine-thread';
  dataDir: string;
  /** Lock owner name of this engine incarnation: the main thread frees its flow locks if the thread dies. */
  owner: string;
  hostName: string;
  vaultBackend: 'safe-storage' | 'key-file';
  /** Int32 [state, length] + UTF-8 bytes: where the main thread answers a decrypt request. */
  secretsBuffer: SharedArrayBuffer;
  /** Start the scheduler at once (serve, desktop). */
  schedule: boolean;
  /** The main logger's lowest level: lines below it are dropped in the thread instead of crossing (one per HTTP request at debug). */
  logLevel: keyof Logger;
}

/** Engine methods the main thread calls, with their arguments. */
export const CALLS = ['syncNow', 'cancel', 'reconcile', 'approveDeletions', 'replay', 'dryRun', 'dryRunEstimate', 'resync', 'resyncEstimate', 'runNow', 'enqueue', 'tick', 'flowsChanged', 'settingsChanged', 'start', 'stop'] as const;
export type CallName = (typeof CALLS)[number];

/** An error as it crosses: enough to rebuild the engine's or the connector kit's error on the other side. */
export interface WireError {
  name: string;
  message: string;
  kind?: string;
  code?: string;
  hint?: string;
  data?: Record<string, unknown>;
}

export type ToEngine =
  | { type: 'call'; id: number; method: CallName; args: unknown[] };

export type FromEngine =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: WireError }
  | { type: 'runStarted'; row: RunRow }
  | { type: 'runFinished'; row: RunRow; paused: [string, number][] }
  | { type: 'progress'; progress: RunProgress }
  | { type: 'alert'; row: AlertRow }
  | { type: 'log'; level: keyof Logger; obj: object | string; msg?: string }
  | { type: 'decrypt'; blob: Uint8Array };

// The main thread checks the shape of what the engine thread says before acting on it: a message it
// does not understand (a mismatched build) is logged and dropped instead of crashing the app.
const row = z.object({ id: z.string() }).passthrough();
export const fromEngineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.boolean(), value: z.unknown().optional(), error: z.object({ name: z.string(), message: z.string() }).passthrough().optional() }),
  z.object({ type: z.literal('runStarted'), row }),
  z.object({ type: z.literal('runFinished'), row, paused: z.array(z.tuple([z.string(), z.number()])) }),
  z.object({ type: z.literal('progress'), progress: z.object({ runId: z.string(), flowId: z.string() }).passthrough() }),
  z.object({ type: z.literal('alert'), row: z.object({ id: z.number() }).passthrough() }),
  z.object({ type: z.literal('log'), level: z.enum(['debug', 'info', 'warn', 'error']), obj: z.union([z.string(), z.object({}).passthrough()]), msg: z.string().optional() }),
  z.object({ type: z.literal('decrypt'), blob: z.instanceof(Uint8Array) }),
]);
