// `POST /b1s/vN/$batch` (spec §9): a multipart/mixed body of application/http requests, run one after the
// other on the caller's session through the same routes as a direct request. A change set (a nested
// multipart/mixed) is atomic: when one of its requests fails, the set is answered with that error and its
// earlier changes are undone. `Content-ID: n` lets a later request in the set address the new entity as
// `$n`; Content-ID is mandatory in change sets on v2. The answer is 202 Accepted on v1, 200 OK on v2.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { RequestCounters } from '../../kit/sandbox/counters.ts';
import { FaultPlan } from '../../kit/sandbox/faults.ts';
import { Exchange } from '../../kit/sandbox/server.ts';
import { errorBody, SlError } from './errors.ts';
import { sendError } from './http.ts';
import type { ApiRequest } from './routes.ts';

const CRLF = '\r\n';
const incomplete = () => new SlError(400, -1000, 'Incomplete Batch Request Body!');

interface SubRequest {
  method: string;
  /** Target as written: absolute, `/b1s/vN/…`, relative to the service root, or `$n/…`. */
  target: string;
  headers: Record<string, string>;
  body: string;
  contentId?: string;
}
type Part = SubRequest | { changeset: SubRequest[] };

interface SubResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
  contentId?: string;
}

function boundaryOf(contentType: string | undefined): string {
  const b = /boundary=("?)([^";]+)\1/i.exec(contentType ?? '')?.[2];
  if (!b) throw new SlError(400, -1000, "The $batch request needs Content-Type: multipart/mixed;boundary=<boundary>");
  return b;
}

/** Splits `text` into the bodies between `--boundary` lines; the closing `--boundary--` is required. */
function splitParts(text: string, boundary: string): string[] {
  const lines = text.split(/\r?\n/);
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    const t = line.trimEnd();
    if (t === `--${boundary}--`) {
      if (current) parts.push(current.join(CRLF));
      return parts;
    }
    if (t === `--${boundary}`) {
      if (current) parts.push(current.join(CRLF));
      current = [];
    } else if (current) current.push(line);
  }
  throw incomplete();
}

/** Headers up to the first blank line, and what follows. */
function headersAndRest(text: string): { headers: Record<string, string>; rest: string } {
  const lines = text.split(/\r?\n/);
  const headers: Record<string, string> = {};
  let k = 0;
  for (; k < lines.length && lines[k] !== ''; k++) {
    const colon = lines[k]!.indexOf(':');
    if (colon <= 0) throw incomplete();
    headers[lines[k]!.slice(0, colon).trim().toLowerCase()] = lines[k]!.slice(colon + 1).trim();
  }
  return { headers, rest: lines.slice(k + 1).join(CRLF) };
}

function parseHttpPart(text: string): SubRequest {
  const outer = headersAndRest(text);
  if (!/^application\/http\b/i.test(outer.headers['content-type'] ?? '')) throw incomplete();
  const lines = outer.rest.split(/\r?\n/);
  const requestLine = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/1\.[01])?$/.exec(lines[0]?.trim() ?? '');
  if (!requestLine) throw incomplete();
  const inner = headersAndRest(lines.slice(1).join(CRLF));
  const contentId = outer.headers['content-id'] ?? inner.headers['content-id'];
  return { method: requestLine[1]!, target: requestLine[2]!, headers: inner.headers, body: inner.rest.trim(), ...(contentId && { contentId }) };
}

export function parseBatch(text: string, contentType: string | undefined): Part[] {
  return splitParts(text, boundaryOf(contentType)).map((part) => {
    const { headers, rest } = headersAndRest(part);
    if (/^multipart\/mixed\b/i.test(headers['content-type'] ?? '')) {
      return { changeset: splitParts(rest, boundaryOf(headers['content-type'])).map(parseHttpPart) };
    }
    return parseHttpPart(part);
  });
}

/** Collects what a route writes, so a sub-request's answer can be put into the batch response. */
class CapturedResponse extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  readonly headers: Record<string, string | string[]> = {};
  private readonly chunks: string[] = [];

  writeHead(status: number, headers: Record<string, string | string[]> = {}): this {
    this.statusCode = status;
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== 'content-length') this.headers[k] = v;
    this.headersSent = true;
    return this;
  }

  write(chunk: string | Buffer): boolean {
    this.chunks.push(String(chunk));
    return true;
  }

  end(chunk?: string | Buffer): this {
    if (chunk !== undefined) this.chunks.push(String(chunk));
    this.headersSent = true;
    this.emit('finish');
    return this;
  }

  get body(): string {
    return this.chunks.join('');
  }
}

/** Path after `/b1s/vN/` (still percent-encoded) and query of a sub-request, `$n` resolved to the created entity's path. */
function resolveTarget(target: string, version: string, created: Map<string, string>): { rest: string; search: string } {
  let t = target.replace(/^https?:\/\/[^/]+/i, '').replace(new RegExp(`^/b1s/${version}/`), '');
  const ref = /^\$(\d+)(.*)$/s.exec(t);
  if (ref) {
    const path = created.get(ref[1]!);
    if (path === undefined) throw new SlError(400, -1000, `Content-ID '$${ref[1]}' does not name an entity created earlier in this change set`);
    t = path + ref[2];
  }
  if (t.startsWith('/')) throw new SlError(400, -1000, `The request '${target}' is not under /b1s/${version}`);
  const q = t.indexOf('?');
  return { rest: q < 0 ? t : t.slice(0, q), search: q < 0 ? '' : t.slice(q + 1) };
}

type Handler = (a: ApiRequest) => Promise<void>;

async function runOne(a: ApiRequest, handle: Handler, sub: SubRequest, created: Map<string, string>): Promise<SubResponse> {
  const res = new CapturedResponse();
  const base = { ...(sub.contentId && { contentId: sub.contentId }) };
  let target;
  try {
    target = resolveTarget(sub.target, a.version, created);
  } catch (e) {
    if (!(e instanceof SlError)) throw e;
    return { status: e.status, headers: { 'Content-Type': 'application/json;odata.metadata=minimal;charset=utf-8' }, body: JSON.stringify(errorBody(e, a.version)), ...base };
  }
  // The sub-request rides on the batch's session: the caller's cookies go with it.
  const headers = { ...sub.headers, ...(a.ex.req.headers.cookie && { cookie: a.ex.req.headers.cookie }) };
  const req = Object.assign(Readable.from(sub.body ? [Buffer.from(sub.body)] : []), {
    headers, method: sub.method, url: `/b1s/${a.version}/${target.rest}${target.search ? `?${target.search}` : ''}`, socket: a.ex.req.socket,
  }) as unknown as IncomingMessage;
  const ex = new Exchange(req, res as unknown as ServerResponse, new RequestCounters(), new FaultPlan(undefined, 0), 10 * 1024 * 1024, a.ex.scheme);
  try {
    await handle({ ...a, ex, rest: target.rest, rawSearch: target.search });
  } catch (e) {
    if (res.headersSent) throw e;
    sendError(ex, e instanceof SlError ? e : new SlError(500, -1, `Internal error: ${e instanceof Error ? e.message : String(e)}`), a.version);
  }
  return { status: res.statusCode, headers: res.headers, body: res.body, ...base };
}

const REASONS: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 412: 'Precondition Failed', 500: 'Internal Server Error' };

function renderSub(r: SubResponse): string {
  const head = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary', ...(r.contentId ? [`Content-ID: ${r.contentId}`] : []), ''];
  const headers = Object.entries(r.headers).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}: ${x}`));
  return [...head, `HTTP/1.1 ${r.status} ${REASONS[r.status] ?? ''}`.trimEnd(), ...headers, '', r.body].join(CRLF);
}

function renderMultipart(boundary: string, parts: string[]): string {
  return parts.map((p) => `--${boundary}${CRLF}${p}${CRLF}`).join('') + `--${boundary}--${CRLF}`;
}

export async function handleBatch(a: ApiRequest, handle: Handler): Promise<void> {
  const parts = parseBatch(await a.ex.body(), a.ex.req.headers['content-type']);
  for (const part of parts) {
    if (!('changeset' in part)) continue;
    for (const sub of part.changeset) {
      if (sub.method === 'GET') throw new SlError(400, -1000, 'A change set cannot contain GET requests');
      if (a.version === 'v2' && !sub.contentId) throw new SlError(400, -1000, 'Content-ID is mandatory for every request of a change set on /b1s/v2');
    }
  }
  const rendered: string[] = [];
  for (const part of parts) {
    if (!('changeset' in part)) {
      rendered.push(renderSub(await runOne(a, handle, part, new Map())));
      continue;
    }
    const created = new Map<string, string>();
    const answers: SubResponse[] = [];
    let failed: SubResponse | undefined;
    await a.core.state.atomically(async () => {
      for (const sub of part.changeset) {
        const r = await runOne(a, handle, sub, created);
        if (r.status >= 400) {
          failed = r;
          return false;
        }
        const location = r.headers.Location;
        if (sub.contentId && typeof location === 'string') created.set(sub.contentId, location.replace(/^https?:\/\/[^/]+/i, '').replace(`/b1s/${a.version}/`, ''));
        answers.push(r);
      }
      return true;
    });
    if (failed) rendered.push(renderSub(failed));
    else {
      const inner = `changesetresponse_${randomUUID()}`;
      rendered.push([`Content-Type: multipart/mixed;boundary=${inner}`, '', renderMultipart(inner, answers.map(renderSub))].join(CRLF));
    }
  }
  const boundary = `batchresponse_${randomUUID()}`;
  const text = renderMultipart(boundary, rendered);
  a.ex.res.writeHead(a.version === 'v1' ? 202 : 200, { 'Content-Type': `multipart/mixed;boundary=${boundary}`, 'Content-Length': String(Buffer.byteLength(text)) });
  a.ex.res.end(text);
}
