// Zoho-shaped errors (spec §5): every top-level error is `{code, details, message, status:"error"}`.
export interface ZohoErrorBody {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'error';
}

export class ZohoError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get body(): ZohoErrorBody {
    return { code: this.code, details: this.details, message: this.message, status: 'error' };
  }
}

export const invalidModule = (): ZohoError => new ZohoError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', {});
export const invalidUrl = (): ZohoError => new ZohoError(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
export const badMethod = (): ZohoError => new ZohoError(405, 'INVALID_REQUEST_METHOD', 'The http request method type is not a valid one');
export const requiredParam = (param: string): ZohoError =>
  new ZohoError(400, 'REQUIRED_PARAM_MISSING', `One of the expected parameter is missing`, { param_name: param, param });
export const invalidParam = (param: string, message = 'invalid data', extra: Record<string, unknown> = {}): ZohoError =>
  new ZohoError(400, 'INVALID_DATA', message, { param_name: param, ...extra });
export const limitExceeded = (limit: number, message = 'the limit has been exceeded'): ZohoError => new ZohoError(400, 'LIMIT_EXCEEDED', message, { limit });

/** A per-record result item (§4.3): success or error, in input order. */
export interface RecordResult {
  code: string;
  status: 'success' | 'error';
  message: string;
  details: Record<string, unknown>;
  action?: 'insert' | 'update';
  duplicate_field?: string | null;
}

export const recordError = (code: string, message: string, details: Record<string, unknown>): RecordResult => ({ code, status: 'error', message, details });
