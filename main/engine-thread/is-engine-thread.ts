// Whether this thread is an engine thread engine-host.ts started. Its own small file: the CLI bundle's
// entry asks it before anything else (and then loads engine-thread-main.ts), so a command that runs no
// engine — `--help`, `--version` — does not load the engine to find out.
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineThreadInit } from './protocol.ts';

/** True in a worker started by engine-host.ts: a bundle's entry then runs the engine thread instead of its own main. */
export function isEngineThread(): boolean {
  return parentPort !== null && (workerData as EngineThreadInit | undefined)?.kind === 'mlc-engine-thread';
}
