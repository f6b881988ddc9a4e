// `$batch` (spec §9) over raw HTTP, written from the spec as any Service Layer client would send it —
// multipart/mixed parts of application/http, change sets that stand or fall together, `$1` references —
// and read with a small multipart reader of our own. Nothing here goes through our connector.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapB1Sandbox, type SapB1Sandbox } from './index.ts';

interface Line { url: string; urlV1: string; companyDB: string; user: string; password: string }
let sb: SapB1Sandbox;
let line: Line;
let cookie = '';

beforeAll(async () => {
  sb = await startSapB1Sandbox({ port: 0, records: 20, seed: 5 });
  line = sb.line as unknown as Line;
  const res = await fetch(`${line.url}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: line.companyDB, UserName: line.user, Password: line.password }) });
  cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
});
afterAll(() => sb.close());

const CRLF = '\r\n';
/** One application/http part: the request line, its headers, a blank line and the body. */
function httpPart(request: string, body?: unknown, extra: string[] = []): string {
  const head = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary', ...extra, '', request];
  if (body === undefined) return [...head, '', ''].join(CRLF);
  return [...head, 'Content-Type: application/json', '', JSON.stringify(body)].join(CRLF);
}
function multipart(boundary: string, parts: string[]): string {
  return parts.map((p) => `--${boundary}${CRLF}${p}${CRLF}`).join('') + `--${boundary}--${CRLF}`;
}
function changeset(boundary: string, parts: string[]): string {
  return `Content-Type: multipart/mixed;boundary=${boundary}${CRLF}${CRLF}${multipart(boundary, parts)}`;
}

interface SubResponse { status: number; headers: Record<string, string>; body: string; contentId?: string }
/** Flattens a batch response into its sub-responses in order (change set responses included). */
function readBatch(contentType: string, text: string): SubResponse[] {
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const out: SubResponse[] = [];
  const parts = text.split(`--${boundary}`).slice(1, -1);
  for (const part of parts) {
    const [head = '', ...rest] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const inner = rest.join('\r\n\r\n');
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? '';
    if (/^multipart\/mixed/i.test(type)) {
      out.push(...readBatch(type, inner));
      continue;
    }
    const contentId = /content-id:\s*(\S+)/i.exec(head)?.[1];
    const [statusAndHeaders = '', ...bodyParts] = inner.split(/\r?\n\r?\n/);
    const [statusLine = '', ...headerLines] = statusAndHeaders.split(/\r?\n/);
    const headers = Object.fromEntries(headerLines.map((h) => [h.slice(0, h.indexOf(':')).toLowerCase(), h.slice(h.indexOf(':') + 1).trim()]));
    out.push({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]), headers, body: bodyParts.join('\r\n\r\n').trim(), ...(contentId && { contentId }) });
  }
  return out;
}

async function batch(base: string, body: string, boundary = 'batch_36522ad7', withCookie = true) {
  const res = await fetch(`${base}/$batch`, { method: 'POST', headers: { 'content-type': `multipart/mixed;boundary=${boundary}`, ...(withCookie && { cookie }) }, body });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}
const getBp = async (base: string, code: string) => fetch(`${base}/BusinessPartners('${code}')`, { headers: { cookie } });

describe('$batch (spec §9)', () => {
  it('v1: 202 Accepted, one sub-response per request in order; a change set creates, and $1 addresses what it created', async () => {
    const body = multipart('batch_36522ad7', [
      httpPart("GET /b1s/v1/BusinessPartners('C00001')?$select=CardCode,CardName"),
      changeset('changeset_77162fcd', [
        httpPart('POST /b1s/v1/BusinessPartners', { CardCode: 'BATCH01', CardName: 'Batch one', CardType: 'cCustomer' }, ['Content-ID: 1']),
        httpPart('PATCH /b1s/v1/$1', { CardName: 'Batch one, renamed' }, ['Content-ID: 2']),
      ]),
    ]);
    const r = await batch(line.urlV1, body);
    expect(r.status).toBe(202);
    expect(r.type).toMatch(/^multipart\/mixed;\s*boundary=/);
    const subs = readBatch(r.type, r.text);
    expect(subs.map((s) => s.status)).toEqual([200, 201, 204]);
    expect(JSON.parse(subs[0]!.body)).toMatchObject({ CardCode: 'C00001' });
    expect(JSON.parse(subs[1]!.body)).toMatchObject({ CardCode: 'BATCH01', 'odata.metadata': expect.any(String) });
    expect(subs[1]!.headers.location).toMatch(/\/b1s\/v1\/BusinessPartners\('BATCH01'\)$/);
    expect(subs[1]!.contentId).toBe('1');
    const stored = await getBp(line.urlV1, 'BATCH01');
    expect(((await stored.json()) as { CardName: string }).CardName).toBe('Batch one, renamed');
  });

  it('v2: 200 OK, and a change set part without Content-ID is refused (mandatory on v2)', async () => {
    const ok = await batch(line.url, multipart('batch_v2', [httpPart("GET BusinessPartners('C00002')?$select=CardCode")]), 'batch_v2');
    expect(ok.status).toBe(200);
    expect(readBatch(ok.type, ok.text).map((s) => s.status)).toEqual([200]);

    const missing = await batch(line.url, multipart('batch_v2', [changeset('changeset_a', [httpPart('POST /b1s/v2/BusinessPartners', { CardCode: 'BATCH02', CardName: 'x', CardType: 'C' })])]), 'batch_v2');
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text)).toMatchObject({ error: { code: '-1000' } });
    expect((await getBp(line.url, 'BATCH02')).status).toBe(404);
  });

  it('a change set is atomic: one failure answers the set with that error and rolls back the parts before it; other parts still run', async () => {
    const body = multipart('batch_b', [
      changeset('changeset_c', [
        httpPart('POST /b1s/v1/BusinessPartners', { CardCode: 'BATCH03', CardName: 'rolled back', CardType: 'C' }, ['Content-ID: 1']),
        httpPart('POST /b1s/v1/BusinessPartners', { CardCode: 'C00001', CardName: 'duplicate', CardType: 'C' }, ['Content-ID: 2']),
      ]),
      httpPart("GET /b1s/v1/BusinessPartners('C00003')?$select=CardCode"),
    ]);
    const r = await batch(line.urlV1, body, 'batch_b');
    expect(r.status).toBe(202);
    const subs = readBatch(r.type, r.text);
    expect(subs.map((s) => s.status)).toEqual([400, 200]);
    expect(JSON.parse(subs[0]!.body)).toMatchObject({ error: { code: -10 } });
    expect((await getBp(line.urlV1, 'BATCH03')).status).toBe(404);
  });

  it('reads the body .NET clients write (B1SLayer): quoted changeset boundary, msgtype=request, Host header, HTTP/1.1 request line', async () => {
    const host = new URL(line.url).host;
    const part = (request: string, body: unknown, id: number) => [
      'Content-Type: application/http; msgtype=request', 'content-transfer-encoding: binary', `Content-ID: ${id}`, '',
      request, `Host: ${host}`, 'Content-Type: application/json; charset=utf-8', '', JSON.stringify(body),
    ].join(CRLF);
    const body = [
      '--boundary_1', 'Content-Type: multipart/mixed; boundary="changeset_9"', '',
      '--changeset_9', part('POST /b1s/v2/BusinessPartners HTTP/1.1', { CardCode: 'BATCH04', CardName: 'dotnet', CardType: 'cCustomer' }, 1),
      '--changeset_9', part("PATCH /b1s/v2/BusinessPartners('BATCH04') HTTP/1.1", { Notes: 'patched in the same set' }, 2),
      '--changeset_9--', '', '--boundary_1--', '',
    ].join(CRLF);
    const r = await batch(line.url, body, 'boundary_1');
    expect(r.status).toBe(200);
    expect(readBatch(r.type, r.text).map((s) => s.status)).toEqual([201, 204]);
    expect(((await (await getBp(line.url, 'BATCH04')).json()) as { Notes: string }).Notes).toBe('patched in the same set');
  });

  it('refuses a malformed body with 400/-1000 and a GET inside a change set; needs a session like any request', async () => {
    const incomplete = await batch(line.urlV1, `--batch_m${CRLF}${httpPart("GET /b1s/v1/BusinessPartners('C00001')")}`, 'batch_m');
    expect(incomplete.status).toBe(400);
    expect(JSON.parse(incomplete.text)).toEqual({ error: { code: -1000, message: { lang: 'en-us', value: 'Incomplete Batch Request Body!' } } });

    const getInSet = await batch(line.urlV1, multipart('batch_g', [changeset('changeset_g', [httpPart("GET /b1s/v1/BusinessPartners('C00001')", undefined, ['Content-ID: 1'])])]), 'batch_g');
    expect(getInSet.status).toBe(400);

    const anonymous = await batch(line.urlV1, multipart('batch_n', [httpPart("GET /b1s/v1/BusinessPartners('C00001')")]), 'batch_n', false);
    expect(anonymous.status).toBe(401);
  });
});
