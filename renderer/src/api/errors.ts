// A failed call as an Error, so react-query can carry it; keeps the service's code, hint and field path.
import type { ApiError } from '../../../preload/contract/index.ts';

export class ApiCallError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly path: (string | number)[] | undefined;
  readonly data: Record<string, unknown> | undefined;

  constructor(readonly channel: string, error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    this.hint = error.hint;
    this.path = error.path;
    this.data = error.data;
  }
}

export function isApiCallError(e: unknown): e is ApiCallError {
  return e instanceof ApiCallError;
}

/** Errors that mean the transport itself is gone or locked, not that one call failed. */
export const transportErrorCodes = new Set(['UNREACHABLE', 'UNAUTHORIZED', 'NO_TOKEN']);
