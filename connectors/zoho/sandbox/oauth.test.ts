// The accounts server and API authentication, over real sockets with plain fetch (spec §2, §12.1–2).
import { afterEach, describe, expect, it } from 'vitest';
import { startRaw, tokenRequest, type RawClient } from './test-support.ts';

let raw: RawClient | undefined;
afterEach(async () => {
  await raw?.close();
  raw = undefined;
});

describe('Zoho sandbox: accounts server', () => {
  it('prints the JSON line the issue specifies; api_domain is its own origin', async () => {
    raw = await startRaw();
    const { line } = raw.sandbox;
    expect(Object.keys(line)).toEqual(expect.arrayContaining(['accountsUrl', 'apiDomain', 'clientId', 'clientSecret', 'refreshToken', 'admin']));
    expect(line.accountsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(String(line.clientId)).toMatch(/^1000\./);
    const answer = await tokenRequest(raw.sandbox, { grant_type: 'refresh_token', client_id: raw.sandbox.clientId, client_secret: raw.sandbox.clientSecret, refresh_token: raw.sandbox.refreshToken });
    expect(answer).toMatchObject({ api_domain: raw.sandbox.apiDomain, token_type: 'Bearer', expires_in: 3600 });
    expect(answer.access_token).toMatch(/^1000\./);
    expect(answer.refresh_token).toBeUndefined();
  });

  it('reads urlencoded bodies and the query string as well as multipart', async () => {
    raw = await startRaw();
    const s = raw.sandbox;
    const params = new URLSearchParams({ grant_type: 'refresh_token', client_id: s.clientId, client_secret: s.clientSecret, refresh_token: s.refreshToken });
    const form = await (await fetch(`${s.accountsUrl}/oauth/v2/token`, { method: 'POST', body: params })).json();
    expect(form).toHaveProperty('access_token');
    const query = await fetch(`${s.accountsUrl}/oauth/v2/token?${params}`, { method: 'POST' });
    expect(query.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await query.json()).toHaveProperty('access_token');
  });

  it('answers errors as HTTP 200 with an error key: invalid_code, invalid_client', async () => {
    raw = await startRaw();
    const s = raw.sandbox;
    const base = { grant_type: 'refresh_token', client_id: s.clientId, client_secret: s.clientSecret };
    const res = await fetch(`${s.accountsUrl}/oauth/v2/token`, { method: 'POST', body: new URLSearchParams({ ...base, refresh_token: '1000.nope.nope' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ error: 'invalid_code' });
    expect(await tokenRequest(s, { ...base, client_secret: 'wrong', refresh_token: s.refreshToken })).toEqual({ error: 'invalid_client' });
    await raw.admin('DELETE', `refresh-tokens/${s.refreshToken}`);
    expect(await tokenRequest(s, { ...base, refresh_token: s.refreshToken })).toEqual({ error: 'invalid_code' });
  });

  it('throttles past 10 tokens per refresh token in 10 minutes with a 200 "Access Denied", until the window passes', async () => {
    raw = await startRaw();
    const s = raw.sandbox;
    const params = { grant_type: 'refresh_token', client_id: s.clientId, client_secret: s.clientSecret, refresh_token: s.refreshToken };
    for (let i = 0; i < 10; i++) expect(await tokenRequest(s, params)).toHaveProperty('access_token');
    const denied = await tokenRequest(s, params);
    expect(denied).toMatchObject({ error: 'Access Denied', status: 'failure' });
    await raw.admin('POST', 'clock', { advanceMs: 601_000 });
    expect(await tokenRequest(s, params)).toHaveProperty('access_token');
  });

  it('issues a refresh token for a self-client grant code once', async () => {
    raw = await startRaw();
    const s = raw.sandbox;
    const { code } = await raw.admin<{ code: string }>('POST', 'grant-codes', {});
    const params = { grant_type: 'authorization_code', client_id: s.clientId, client_secret: s.clientSecret, code, redirect_uri: 'https://www.zoho.com' };
    const first = await tokenRequest(s, params);
    expect(first.refresh_token).toMatch(/^1000\./);
    expect(await tokenRequest(s, params)).toEqual({ error: 'invalid_code' });
  });

  it('API: Zoho-oauthtoken only; 401 INVALID_TOKEN after the lifetime; OAUTH_SCOPE_MISMATCH without the scope', async () => {
    raw = await startRaw({ switches: { tokenLifetimeSeconds: 60 } });
    const token = await raw.token();
    const bearer = await fetch(`${raw.sandbox.apiDomain}/crm/v8/org`, { headers: { Authorization: `Bearer ${token}` } });
    expect(bearer.status).toBe(401);
    expect((await raw.api('GET', '/crm/v8/org')).status).toBe(200);
    await raw.admin('POST', 'clock', { advanceMs: 61_000 });
    const expired = await raw.api('GET', '/crm/v8/org');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' });

    const { refreshToken } = await raw.admin<{ refreshToken: string }>('POST', 'refresh-tokens', { scopes: ['ZohoCRM.modules.accounts.READ'] });
    const narrow = await tokenRequest(raw.sandbox, { grant_type: 'refresh_token', client_id: raw.sandbox.clientId, client_secret: raw.sandbox.clientSecret, refresh_token: refreshToken });
    const t = String(narrow.access_token);
    expect((await raw.api('GET', '/crm/v8/Accounts?fields=Account_Name', { token: t })).status).toBe(200);
    const denied = await raw.api('GET', '/crm/v8/Deals?fields=Deal_Name', { token: t });
    expect(denied.status).toBe(401);
    expect(denied.body).toMatchObject({ code: 'OAUTH_SCOPE_MISMATCH' });
    expect((await raw.api('GET', '/crm/v8/settings/fields?module=Accounts', { token: t })).body).toMatchObject({ code: 'OAUTH_SCOPE_MISMATCH' });
  });

  it('the 16th live access token of a refresh token invalidates the oldest', async () => {
    raw = await startRaw({ switches: { refreshesPer10Min: 100 } });
    const s = raw.sandbox;
    const params = { grant_type: 'refresh_token', client_id: s.clientId, client_secret: s.clientSecret, refresh_token: s.refreshToken };
    const tokens: string[] = [];
    for (let i = 0; i < 16; i++) tokens.push(String((await tokenRequest(s, params)).access_token));
    expect((await raw.api('GET', '/crm/v8/org', { token: tokens[0] })).status).toBe(401);
    expect((await raw.api('GET', '/crm/v8/org', { token: tokens[1] })).status).toBe(200);
  });
});
