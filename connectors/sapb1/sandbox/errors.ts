// Service Layer error envelopes (spec §6.1): v1 sends a numeric `code` and a `{lang, value}` message,
// v2 a string code and a plain message. The 401 of a bad session on v1 has a second, observed shape
// (string code, plain message) selected by the `sessionErrorShape` switch.

export type ApiVersion = 'v1' | 'v2';

export class SlError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    /** Answer v1 in the observed string shape (only the session 401 can). */
    readonly stringShape = false,
  ) {
    super(message);
  }
}

export function errorBody(e: SlError, version: ApiVersion): unknown {
  if (version === 'v2' || e.stringShape) return { error: { code: String(e.code), message: e.message } };
  return { error: { code: e.code, message: { lang: 'en-us', value: e.message } } };
}

export const notFound = () => new SlError(404, -2028, 'No matching records found (ODBC -2028)');
export const missingReference = (what: string, value: unknown) =>
  new SlError(400, -2028, `No matching records found (ODBC -2028) [${what}: '${String(value)}']`);
export const invalidProperty = (prop: string, type: string) => new SlError(400, -1000, `Property '${prop}' of '${type}' is invalid`);
export const badQuery = (message: string) => new SlError(400, -1000, message);
export const validation = (message: string) => new SlError(400, -5002, message);
export const notSupported = () => new SlError(400, -5006, 'The requested action is not supported for this object.');
export const staleEtag = () =>
  new SlError(412, -2039, 'Another user or another operation modified data; to continue, open the window again (ODBC -2039)');
export const invalidSession = (code: number, stringShape: boolean) =>
  new SlError(401, code, 'Invalid session or session already timeout.', stringShape);

/** What Apache itself answers when the balancer cannot reach a node (spec §6.2). */
export const balancerPage = (status: 502 | 503) =>
  status === 502
    ? '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>502 Proxy Error</title></head><body><h1>Proxy Error</h1><p>The proxy server received an invalid response from an upstream server.</p></body></html>\n'
    : '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.</p></body></html>\n';
