import { describe, expect, it } from 'vitest';
import { classifyResponse, classifyTransportError, retryAfterFrom, type RawResponse } from './classify.ts';
import { ConfigError, FatalError, RecordError } from './errors.ts';

const res = (status: number, json: unknown = {}, headers: Record<string, string> = {}): RawResponse => ({ status, headers: new Headers(headers), text: JSON.stringify(json), json, method: 'POST', path: '/x' });

describe('classifyResponse', () => {
  it('maps statuses to recovery kinds', () => {
    expect(classifyResponse(res(200), 's')).toBeNull();
    expect(classifyResponse(res(207), 's')).toBeNull();
    expect(classifyResponse(res(401), 's')?.kind).toBe('auth');
    expect(classifyResponse(res(403), 's')?.kind).toBe('auth');
    for (const s of [408, 429, 477, 500, 502, 503, 504]) expect(classifyResponse(res(s), 's')?.kind).toBe('retriable');
    expect(classifyResponse(res(400), 's')?.kind).toBe('record');
    expect(classifyResponse(res(409), 's')?.kind).toBe('record');
    expect(classifyResponse(res(301, {}, { location: 'https://new' }), 's')).toBeInstanceOf(ConfigError);
  });

  it('lets a system hook decide first', () => {
    const hook = (r: RawResponse) => (r.status === 200 && (r.json as { failed?: boolean }).failed ? new RecordError('in-body failure') : r.status === 403 ? new ConfigError('module off') : undefined);
    expect(classifyResponse(res(200, { failed: true }), 's', hook)).toBeInstanceOf(RecordError);
    expect(classifyResponse(res(403), 's', hook)).toBeInstanceOf(ConfigError);
    expect(classifyResponse(res(500), 's', hook)?.kind).toBe('retriable');
  });

  it('reads the wait from Retry-After (seconds or date) and Retry-After-Ms, never from system-specific headers', () => {
    expect(retryAfterFrom(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterFrom(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(retryAfterFrom(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterFrom(new Headers({ 'x-ratelimit-remaining': '0' }))).toBeUndefined();
    const e = classifyResponse(res(429, {}, { 'retry-after': '2' }), 's');
    expect(e).toMatchObject({ kind: 'retriable', retryAfterMs: 2000, code: 'RATE_LIMITED' });
  });
});

describe('classifyTransportError', () => {
  const ctx = { system: 's', host: 'h', method: 'GET', path: '/p' };
  it('maps network codes', () => {
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), ctx)).toMatchObject({ kind: 'retriable', code: 'UNREACHABLE' });
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), ctx)).toMatchObject({ kind: 'retriable', code: 'TIMEOUT' });
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), ctx)).toMatchObject({ kind: 'config', code: 'TLS_UNTRUSTED' });
  });
  it('treats code-less errors as bugs (fatal) and aborts as cancellation', () => {
    expect(classifyTransportError(new TypeError('oops'), ctx)).toBeInstanceOf(FatalError);
    const ac = new AbortController();
    ac.abort();
    expect(classifyTransportError(new Error('x'), { ...ctx, signal: ac.signal })).toMatchObject({ code: 'CANCELLED' });
  });
});
