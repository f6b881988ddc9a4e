// A stored secret only goes to the origin it was given for: Test connection with a draft pointing at
// someone's listener and a stored connection's id sends none of the stored secrets, and moving a
// connection to another origin clears them (the form asks again).
import { describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptSecrets } from '../engine/open-connector.ts';
import { originsOf, remotePlainHttpOrigins } from '../../preload/contract/connection-origin.ts';
import { useTempServices } from '../../test/support/temp-services.ts';

const { service, onCleanup } = useTempServices();

/** A listener that records every Authorization header it is sent (the token holder's own server). */
async function listener(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(String(req.headers.authorization ?? ''));
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end('{"status":"error","message":"nope","category":"INVALID_AUTHENTICATION"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onCleanup(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('secrets bound to their origin', () => {
  it('Test connection with a draft elsewhere and a stored id sends none of the stored secrets', async () => {
    const s = service();
    const conn = await s.impl['connections:create']({ system: 'hubspot', name: 'CRM', settings: { baseUrl: 'http://127.0.0.1:9' }, secrets: { accessToken: 'pat-stored-secret' } });
    const thief = await listener();
    const result = await s.impl['connections:test']({ id: conn.id, draft: { system: 'hubspot', name: 'CRM', settings: { baseUrl: thief.url } } });
    expect(result.ok).toBe(false);
    expect(thief.seen.join(' ')).not.toContain('pat-stored-secret');
    // A secret typed into the draft is the admin's own to send.
    await s.impl['connections:test']({ id: conn.id, draft: { system: 'hubspot', name: 'CRM', settings: { baseUrl: thief.url }, secrets: { accessToken: 'pat-typed-now' } } });
    expect(thief.seen.join(' ')).toContain('pat-typed-now');
    expect(thief.seen.join(' ')).not.toContain('pat-stored-secret');
  });

  it('moving a connection to another origin clears its secrets; a new path on the same origin keeps them', async () => {
    const s = service();
    const conn = await s.impl['connections:create']({ system: 'sage300', name: 'ERP', settings: { url: 'https://erp.local/Sage300WebApi', company: 'SAMINC', user: 'WEBAPI' }, secrets: { password: 'pw' } });
    const samePlace = await s.impl['connections:update']({ id: conn.id, patch: { settings: { ...conn.settings, url: 'https://erp.local/Sage300WebApi/v1.0/-/SAMINC' } } });
    expect(samePlace.secretsSet).toEqual(['password']);
    const moved = await s.impl['connections:update']({ id: conn.id, patch: { settings: { ...conn.settings, url: 'https://erp.local:8443/Sage300WebApi' } } });
    expect(moved.secretsSet).toEqual([]);
    expect(decryptSecrets(s.ctx, conn.id)).toEqual({});
    const withNew = await s.impl['connections:update']({ id: conn.id, patch: { settings: { ...conn.settings, url: 'http://erp.local/Sage300WebApi' }, secrets: { password: 'pw2' }, plainHttpConsent: true } });
    expect(withNew.secretsSet).toEqual(['password']);
    expect(decryptSecrets(s.ctx, conn.id)).toEqual({ password: 'pw2' });
  });

  it('originsOf compares scheme, host and port', () => {
    expect(originsOf({ url: 'https://ERP.local/a', user: 'x', n: 3 })).toEqual(['https://erp.local']);
    expect(originsOf({ url: 'https://erp.local:443/a' })).toEqual(['https://erp.local']);
    expect(originsOf({ url: 'http://erp.local/a' })).not.toEqual(originsOf({ url: 'https://erp.local/a' }));
  });

  it('remotePlainHttpOrigins (the form asks consent for these): plain http that is not this machine', () => {
    expect(remotePlainHttpOrigins({ a: 'http://10.0.0.5/x', b: 'https://erp.local', c: 'http://127.0.0.1:4010', d: 'http://localhost:1', e: 'http://[::1]:2', f: 'http://sageserver' })).toEqual(['http://10.0.0.5', 'http://sageserver']);
  });
});
