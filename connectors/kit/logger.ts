// pino loggers that cannot leak secrets: structured secret fields are censored by path (REDACT_PATHS)
// and every string argument, message or nested value, passes the SecretFilter before it is written.
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { Logger } from './types.ts';
import { REDACT_CENSOR, REDACT_PATHS, secretFilter, type SecretFilter } from './redact.ts';

export interface LoggerOptions {
  level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** Where lines go (default stderr, so stdout stays free for a command's JSON output). */
  destination?: DestinationStream;
  /** Defaults to the process-wide filter connectors register their secrets in. */
  filter?: SecretFilter;
  /** Bound fields on every line, e.g. `{ system: 'hubspot' }`. */
  bindings?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions = {}): PinoLogger {
  const filter = options.filter ?? secretFilter;
  const logger = pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: REDACT_CENSOR },
      hooks: {
        logMethod(args, method) {
          const filtered = args.map((a) => filter.filterValue(a)) as Parameters<typeof method>;
          return method.apply(this, filtered);
        },
      },
      serializers: { err: (e: unknown) => filter.filterValue(e) },
    },
    options.destination ?? pino.destination(2),
  );
  return options.bindings ? logger.child(options.bindings) : logger;
}

/** A logger that drops everything (tests, library defaults). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
