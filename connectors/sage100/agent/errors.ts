// The agent's error contract (spec §7.6): every non-2xx response has
// `{ error: { code, message, retryable, requestId, details } }`. Codes are stable; messages say what
// happened and what to do, and never quote a secret.

export type AgentErrorCode =
  | 'request.invalid_parameter' | 'request.unknown_field' | 'request.cursor_mismatch'
  | 'auth.invalid_agent_key' | 'auth.invalid_windows_credentials' | 'auth.forbidden'
  | 'company.not_found' | 'record.not_found' | 'route.not_found'
  | 'sage.locked' | 'sage.bad_data' | 'agent.busy'
  | 'sage.odbc_unavailable' | 'sage.boi_unavailable' | 'agent.starting'
  | 'sage.timeout' | 'agent.internal';

const STATUS: Record<AgentErrorCode, number> = {
  'request.invalid_parameter': 400, 'request.unknown_field': 400, 'request.cursor_mismatch': 400,
  'auth.invalid_agent_key': 401, 'auth.invalid_windows_credentials': 401, 'auth.forbidden': 403,
  'company.not_found': 404, 'record.not_found': 404, 'route.not_found': 404,
  'sage.locked': 409, 'sage.bad_data': 422, 'agent.busy': 429,
  'sage.odbc_unavailable': 503, 'sage.boi_unavailable': 503, 'agent.starting': 503,
  'sage.timeout': 504, 'agent.internal': 500,
};

const RETRYABLE = new Set<AgentErrorCode>(['sage.locked', 'agent.busy', 'sage.odbc_unavailable', 'sage.boi_unavailable', 'agent.starting', 'sage.timeout']);

export class AgentError extends Error {
  readonly status: number;
  readonly retryable: boolean;
  constructor(
    readonly code: AgentErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** Seconds, sent as `Retry-After` (429, 503 and 409). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.status = STATUS[code];
    this.retryable = RETRYABLE.has(code);
  }

  body(requestId: string) {
    return { error: { code: this.code, message: this.message, retryable: this.retryable, requestId, details: this.details } };
  }
}

export const invalidParameter = (message: string, details: Record<string, unknown> = {}) => new AgentError('request.invalid_parameter', message, details);
