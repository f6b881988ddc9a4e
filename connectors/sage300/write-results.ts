// Turning a write's outcome into a WriteResult, and deciding which failures belong to the record and
// which stop the run (credentials, configuration, a server that is down).
import { AuthError, ConfigError, FatalError, RecordError, RetriableError, failureCause, isConnectorError, type ConnectorError } from '../kit/errors.ts';
import type { WriteResult } from '../kit/types.ts';

export function failed(e: ConnectorError, retryable?: boolean): WriteResult {
  const again = retryable ?? (e instanceof RetriableError || (e instanceof RecordError && e.retryable));
  return {
    status: 'failed',
    kind: e.kind,
    message: e.message,
    retryable: again,
    ...(e.code !== undefined && { code: e.code }),
    ...(e.hint !== undefined && { hint: e.hint }),
    failureCause: failureCause({ kind: e.kind, code: e.code, status: e.status, retryable: again, failureCause: e instanceof RecordError ? e.failureCause : undefined }),
  };
}

/** Record-level failures become results; run-level ones (auth, config, fatal, server down) are rethrown. */
export function recordFailureOrThrow(e: unknown): WriteResult {
  if (!isConnectorError(e)) throw e;
  if (e instanceof AuthError || e instanceof ConfigError || e instanceof FatalError) throw e;
  if (e instanceof RetriableError && e.code !== 'SAGE300_DAY_END') throw e;
  return failed(e);
}

/** Errors after which a POST may or may not have been committed by the server. */
export function isAmbiguous(e: unknown): boolean {
  return e instanceof RetriableError && e.code !== 'SAGE300_DAY_END' && e.code !== 'UNREACHABLE' && e.code !== 'CONNECT_TIMEOUT' && e.code !== 'RATE_LIMITED' && e.code !== 'SAGE300_APP_POOL_STOPPED';
}

/** A Sage record key inside `Resource('…')`, quotes doubled and URL-encoded. */
export function keySegment(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${encodeURIComponent(value.replace(/'/g, "''"))}'`;
}
