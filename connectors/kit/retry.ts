// Retry of RetriableErrors with exponential backoff and full jitter (AWS architecture blog:
// "Exponential Backoff And Jitter"): wait = random(0, min(cap, base·2^n)), but never less than the
// server's own Retry-After/rate-limit hint. Bounded attempts; cancelling the signal stops at once.
import { ConnectorError, FatalError, RetriableError, toConnectorError } from './errors.ts';
import { sleep as defaultSleep, type Sleep } from './sleep.ts';

export interface RetryOptions {
  /** Total attempts including the first (default 5). */
  attempts?: number;
  /** Backoff base (default 500 ms). */
  baseMs?: number;
  /** Backoff cap before jitter (default 30 s). */
  maxDelayMs?: number;
  /** A server asking to wait longer than this gives up instead of blocking the run (default 5 min). */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  /** Injectable for tests. */
  random?: () => number;
  sleep?: Sleep;
  /** Called before each wait, e.g. to log "retrying in 1.2 s after 503". */
  onRetry?: (info: { attempt: number; delayMs: number; error: RetriableError }) => void;
}

export const DEFAULT_RETRY: Required<Pick<RetryOptions, 'attempts' | 'baseMs' | 'maxDelayMs' | 'maxRetryAfterMs'>> = {
  attempts: 5,
  baseMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 5 * 60_000,
};

/** The wait before retry number `retry` (0-based): full jitter, floored by the server's hint. */
export function backoffDelay(retry: number, error: RetriableError, options: RetryOptions = {}): number {
  const base = options.baseMs ?? DEFAULT_RETRY.baseMs;
  const cap = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const random = options.random ?? Math.random;
  const jittered = Math.floor(random() * Math.min(cap, base * 2 ** retry));
  return Math.max(jittered, error.retryAfterMs ?? 0);
}

/**
 * Runs `fn` until it succeeds, throws a non-retriable error, or runs out of attempts. The last
 * RetriableError is rethrown unchanged so the engine can still decide on its kind.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? DEFAULT_RETRY.attempts);
  const maxRetryAfter = options.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs;
  const wait = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw toConnectorError(options.signal.reason ?? abortLike());
    try {
      return await fn(attempt);
    } catch (e) {
      const error = e instanceof ConnectorError ? e : toConnectorError(e);
      if (!(error instanceof RetriableError) || attempt >= attempts) throw error;
      if ((error.retryAfterMs ?? 0) > maxRetryAfter) throw error;
      const delayMs = backoffDelay(attempt - 1, error, options);
      options.onRetry?.({ attempt, delayMs, error });
      try {
        await wait(delayMs, options.signal);
      } catch (abort) {
        throw new FatalError('The run was cancelled while waiting to retry.', { code: 'CANCELLED', cause: abort, system: error.system });
      }
    }
  }
}

function abortLike(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}
