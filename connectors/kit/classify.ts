// Response and transport-error classification in ONE place (design §3): every connector's HTTP
// traffic ends up here, so "what does a 403 mean" is answered once. A system plugs a small hook
// for its own error bodies (HubSpot's `category`, Sage's Day End message, Intacct's XML errors).
import { AuthError, ConfigError, ConnectorError, FatalError, RecordError, RetriableError, toConnectorError } from './errors.ts';
import { redact } from './redact.ts';
import { foreignSystem } from './recognise.ts';

export interface RawResponse {
  status: number;
  headers: Headers;
  /** The body as text ('' for binary responses). */
  text: string;
  /** Parsed JSON when the body was JSON, else undefined. */
  json: unknown;
  method: string;
  /** Path without the query string (queries can carry secrets). */
  path: string;
}

/**
 * A system's hook: return an error to raise, 'ok' to accept the response as a success whatever its
 * status, or undefined to fall through to the generic rules. Called for every response, 2xx
 * included, because some systems report failures inside 200 bodies.
 */
export type Classifier = (res: RawResponse, system: string) => ConnectorError | 'ok' | undefined;

const RETRIABLE_STATUS = new Set([408, 425, 429, 477, 500, 502, 503, 504, 507, 509, 598, 599]);

/**
 * Milliseconds the server asked us to wait, from Retry-After (seconds or HTTP date) or Retry-After-Ms.
 * System-specific rate-limit headers belong to that system's classifier and header reader.
 */
export function retryAfterFrom(headers: Headers, nowMs = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms && /^\d+$/.test(ms.trim())) return Number(ms);
  const ra = headers.get('retry-after');
  if (ra) {
    const t = ra.trim();
    if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
    const at = Date.parse(t);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  return undefined;
}

/** The human part of an error body: common JSON fields, else the start of the text. Redacted and bounded. */
export function bodyMessage(res: Pick<RawResponse, 'text' | 'json'>): string {
  const j = res.json as Record<string, unknown> | undefined;
  let m: unknown;
  if (j && typeof j === 'object') {
    const err = j.error as Record<string, unknown> | string | undefined;
    m = j.message ?? j.error_description ?? (typeof err === 'string' ? err : (err?.message as unknown)) ?? j.detail ?? j.title;
    if (m && typeof m === 'object') m = (m as Record<string, unknown>).value ?? JSON.stringify(m);
  }
  const text = typeof m === 'string' && m ? m : res.text.replace(/\s+/g, ' ').trim();
  return redact(text.length > 300 ? `${text.slice(0, 300)}…` : text);
}

/** Null for a success; otherwise the recovery-typed error the response means. */
export function classifyResponse(res: RawResponse, system: string, hook?: Classifier): ConnectorError | null {
  // Before the system's own rules: another system's refusal read as ours would blame the password.
  const foreign = foreignSystem(res, system);
  if (foreign) {
    const { expected } = foreign;
    return new ConfigError(`This address answers as ${foreign.label}, not ${expected.label} (${res.status} to ${res.method} ${res.path}).`, {
      status: res.status,
      system,
      code: 'WRONG_SYSTEM',
      hint: `Enter the ${expected.label} address here${expected.example ? ` (like ${expected.example})` : ''}; a ${foreign.label} address belongs in a ${foreign.label} connection.`,
    });
  }
  const hooked = hook?.(res, system);
  if (hooked === 'ok') return null;
  if (hooked) return hooked;
  const { status } = res;
  if (status >= 200 && status < 300) return null;
  const what = `${system} answered ${status} to ${res.method} ${res.path}`;
  const detail = bodyMessage(res);
  const message = detail ? `${what}: ${detail}` : what;
  const base = { status, system };
  if (status === 401) {
    return new AuthError(message, { ...base, code: 'AUTH_REJECTED', hint: `Check the ${system} credentials in the connection settings; they were rejected.` });
  }
  if (status === 403) {
    return new AuthError(message, { ...base, code: 'FORBIDDEN', hint: `The ${system} user or token lacks a permission this operation needs.` });
  }
  if (RETRIABLE_STATUS.has(status) || status >= 500) {
    const retryAfterMs = retryAfterFrom(res.headers);
    return new RetriableError(message, { ...base, code: status === 429 ? 'RATE_LIMITED' : `HTTP_${status}`, ...(retryAfterMs !== undefined && { retryAfterMs }) });
  }
  if (status >= 300 && status < 400) {
    return new ConfigError(message, { ...base, code: 'REDIRECTED', hint: `The ${system} URL redirects to ${redact(res.headers.get('location') ?? '?')}; use that address.` });
  }
  if (status === 404) return new RecordError(message, { ...base, code: 'NOT_FOUND' });
  if (status === 409) return new RecordError(message, { ...base, code: 'CONFLICT' });
  if (status === 414) return new ConfigError(message, { ...base, code: 'URI_TOO_LONG', hint: 'Ask for fewer fields per request.' });
  if (status === 400 || status === 422) return new RecordError(message, { ...base, code: 'VALIDATION' });
  return new RecordError(message, { ...base, code: `HTTP_${status}` });
}

const RESET_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED', 'ECONNABORTED', 'UND_ERR_DESTROYED']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
const TLS_CODE = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL/;
const PLAIN_HTTP_CODE = /^ERR_SSL_(WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST)$/;

function errorCode(e: unknown): string {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | undefined;
  return String(err?.code ?? err?.cause?.code ?? '');
}

/** An error thrown while sending or receiving (no usable response) as a recovery-typed error. */
export function classifyTransportError(e: unknown, ctx: { system: string; host: string; method: string; path: string; signal?: AbortSignal }): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const where = `${ctx.method} ${ctx.path} on ${ctx.host}`;
  const code = errorCode(e);
  const name = (e as Error | undefined)?.name;
  const base = { system: ctx.system, cause: e };
  if (ctx.signal?.aborted || name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new FatalError('The run was cancelled.', { ...base, code: 'CANCELLED' });
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new RetriableError(`Connecting to ${ctx.host} timed out (${where}).`, { ...base, code: 'CONNECT_TIMEOUT', hint: 'Check that the server is running and reachable from this computer.' });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new RetriableError(`${ctx.system} did not answer in time (${where}).`, { ...base, code: 'TIMEOUT' });
  }
  if (RESET_CODES.has(code)) {
    return new RetriableError(`The connection to ${ctx.host} was reset (${where}).`, { ...base, code: 'RESET' });
  }
  if (UNREACHABLE_CODES.has(code)) {
    return new RetriableError(`${ctx.host} cannot be reached (${code}).`, { ...base, code: 'UNREACHABLE', hint: 'Check the server address and port, and that the service is running.' });
  }
  // A TLS client greeted by an HTTP answer: OpenSSL reads "HTTP/1.1" as a record header with a bad version.
  if (PLAIN_HTTP_CODE.test(code) || (code === 'EPROTO' && /wrong version number|packet length too long|http request/i.test((e as Error | undefined)?.message ?? ''))) {
    return new ConfigError(`${ctx.host} speaks plain HTTP, not HTTPS: the address starts with https:// but the server has no TLS on this port.`, {
      ...base,
      code: 'PLAIN_HTTP',
      hint: 'Use the server\'s HTTPS port (ask its administrator), or — only inside a network you trust — change the address to http://.',
    });
  }
  if (TLS_CODE.test(code)) {
    return new ConfigError(`The TLS connection to ${ctx.host} failed (${code}).`, { ...base, code: 'TLS_UNTRUSTED', hint: 'Check the certificate trust settings of this connection.' });
  }
  // Without a code it is not a network failure but a bug: fatal, never retried in a loop.
  if (!code) return toConnectorError(e, ctx.system);
  const message = e instanceof Error ? e.message : String(e);
  return new RetriableError(`Request ${where} failed: ${redact(message)}`, { ...base, code });
}
