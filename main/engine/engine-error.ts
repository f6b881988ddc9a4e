// The engine's own expected failures: a flow, run or event that does not exist, a flow already running, a
// request over a cap. Connector and configuration failures use the kit's recovery-typed errors instead
// (connectors/kit/errors.ts). The service turns both into its API errors; the engine never knows the API.
export class EngineError extends Error {
  constructor(
    /** Stable machine code the UI can act on, e.g. `ALREADY_RUNNING`. */
    readonly code: string,
    message: string,
    /** What the admin should do about it, in one sentence. */
    readonly hint?: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export const notFound = (what: string, id: string | number) =>
  new EngineError('NOT_FOUND', `${what} "${id}" does not exist.`, 'Refresh the list; it may have been deleted.');
