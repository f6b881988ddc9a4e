import type { ApiError } from '../../preload/contract/index.ts';
import type { EngineError } from '../engine/engine-error.ts';

/** An expected failure of a call, with a code the UI can act on and a hint the admin can follow. */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  /** The engine's typed failures keep their code, hint and data when they reach the API. */
  static fromEngine(e: EngineError): ServiceError {
    return new ServiceError(e.code, e.message, e.hint, e.data);
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, ...(this.hint && { hint: this.hint }), ...(this.data && { data: this.data }) };
  }
}

export const notFound = (what: string, id: string | number) =>
  new ServiceError('NOT_FOUND', `${what} "${id}" does not exist.`, 'Refresh the list; it may have been deleted.');

export const notAvailableYet = (what: string) =>
  new ServiceError('NOT_AVAILABLE_YET', `${what} is not available in this version yet.`, 'Watch the release notes; nothing was changed.');
