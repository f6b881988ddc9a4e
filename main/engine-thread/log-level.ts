// Which log lines are worth posting from the engine thread: those the main thread's logger writes. At
// the default level (info) the thread would otherwise clone and post a debug line per HTTP request.
import type { Logger } from '../../connectors/kit/types.ts';

export const LEVELS = ['debug', 'info', 'warn', 'error'] as const satisfies readonly (keyof Logger)[];

/**
 * The lowest level the logger writes: pino answers isLevelEnabled; a logger without it (a test's) is
 * taken to write everything.
 */
export function lowestLevel(logger: Logger): keyof Logger {
  const enabled = (logger as Partial<{ isLevelEnabled(level: string): boolean }>).isLevelEnabled;
  if (typeof enabled !== 'function') return 'debug';
  return LEVELS.find((l) => enabled.call(logger, l)) ?? 'error';
}

/** Whether a line at `level` passes a logger whose lowest level is `lowest`. */
export const passes = (level: keyof Logger, lowest: keyof Logger): boolean => LEVELS.indexOf(level) >= LEVELS.indexOf(lowest);
