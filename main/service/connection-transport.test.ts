// Plain http:// and the hosts a connection's secrets may reach: public hosts are
// refused, private-network hosts need the admin's consent (stored, shown as a warning, bound to the
// origin), loopback needs nothing, and every connector gets the allowed hosts the kit enforces.
// Only 127.0.0.1 is ever connected to: the private and public addresses below are refused before any
// socket is opened (that is the behaviour under test).
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConfigError } from '../../connectors/kit/errors.ts';
import { decryptSecrets } from '../engine/open-connector.ts';
import { useTempServices } from '../../test/support/temp-services.ts';
import { importWorkspace, exportWorkspace } from '../workspace/import-export.ts';

const { service, onCleanup } = useTempServices();

const sage300 = (url: string) => ({ system: 'sage300' as const, name: 'ERP', settings: { url, company: 'SAMINC', user: 'WEBAPI' }, secrets: { password: 'pw-on-the-lan' } });
const refusal = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as ConfigError);

describe('plain http:// and private networks', () => {
  it('refuses plain http to a public host, whatever the consent says, and saves nothing', async () => {
    const s = service();
    for (const consent of [undefined, true]) {
      const err = await refusal(s.impl['connections:create']({ ...sage300('http://203.0.113.5/Sage300WebApi'), ...(consent && { plainHttpConsent: consent }) }));
      expect(err).toMatchObject({ code: 'PLAIN_HTTP_REFUSED' });
      expect(err!.message).toContain('http://203.0.113.5');
      expect(err!.hint).toMatch(/https:\/\//);
    }
    expect(await s.impl['connections:list'](undefined)).toEqual([]);
  });

  it('needs consent for a private-network host; the consent is stored and shown as a warning', async () => {
    const s = service();
    const err = await refusal(s.impl['connections:create'](sage300('http://192.168.1.20/Sage300WebApi')));
    expect(err).toMatchObject({ code: 'PLAIN_HTTP_NEEDS_CONSENT', data: { path: ['plainHttpConsent'], origin: 'http://192.168.1.20' } });
    expect(err!.message).toContain('http://192.168.1.20 is on your private network');
    const conn = await s.impl['connections:create']({ ...sage300('http://192.168.1.20/Sage300WebApi'), plainHttpConsent: true });
    expect(conn.plainHttpConsent).toBe(true);
    expect(conn.warnings).toEqual([expect.stringContaining('http://192.168.1.20 over plain HTTP')]);
    expect(s.ctx.store.connections.get(conn.id)!.tls.plainHttpOrigins).toEqual(['http://192.168.1.20']);
    // Renaming keeps it; the same origin with another path keeps it.
    const renamed = await s.impl['connections:update']({ id: conn.id, patch: { name: 'ERP (office)', settings: { ...conn.settings, url: 'http://192.168.1.20/Sage300WebApi/v1.0/-/SAMINC' } } });
    expect(renamed.plainHttpConsent).toBe(true);
    expect(renamed.secretsSet).toEqual(['password']);
  });

  it('consent is bound to the origin: moving to another private host asks for it (and the secrets) again', async () => {
    const s = service();
    const conn = await s.impl['connections:create']({ ...sage300('http://sage300.local/Sage300WebApi'), plainHttpConsent: true });
    const moved = await refusal(s.impl['connections:update']({ id: conn.id, patch: { settings: { ...conn.settings, url: 'http://10.0.0.6/Sage300WebApi' } } }));
    expect(moved).toMatchObject({ code: 'PLAIN_HTTP_NEEDS_CONSENT' });
    expect(decryptSecrets(s.ctx, conn.id)).toEqual({ password: 'pw-on-the-lan' }); // refused: nothing changed
    const again = await s.impl['connections:update']({ id: conn.id, patch: { settings: { ...conn.settings, url: 'http://10.0.0.6/Sage300WebApi' }, plainHttpConsent: true } });
    expect(again.secretsSet).toEqual([]);
    expect(s.ctx.store.connections.get(conn.id)!.tls.plainHttpOrigins).toEqual(['http://10.0.0.6']);
    // Withdrawing the consent on a plain-http address is refused; moving to https drops it.
    expect(await refusal(s.impl['connections:update']({ id: conn.id, patch: { plainHttpConsent: false } }))).toMatchObject({ code: 'PLAIN_HTTP_NEEDS_CONSENT' });
    const tls = await s.impl['connections:update']({ id: conn.id, patch: { settings: { ...conn.settings, url: 'https://10.0.0.6/Sage300WebApi' } } });
    expect(tls).toMatchObject({ plainHttpConsent: false, warnings: [] });
  });

  it('Test connection with a draft: refused before any socket opens, stored secrets or not', async () => {
    const s = service();
    const conn = await s.impl['connections:create']({ ...sage300('http://10.1.2.3/Sage300WebApi'), plainHttpConsent: true });
    const publicDraft = await s.impl['connections:test']({ id: conn.id, draft: { ...sage300('http://203.0.113.5/Sage300WebApi') } });
    expect(publicDraft).toMatchObject({ ok: false, problems: [{ code: 'PLAIN_HTTP_REFUSED' }] });
    const privateDraft = await s.impl['connections:test']({ draft: { ...sage300('http://10.9.9.9/Sage300WebApi') } });
    expect(privateDraft).toMatchObject({ ok: false, problems: [{ code: 'PLAIN_HTTP_NEEDS_CONSENT' }] });
  });

  it('a stored connection saved before the rule (no consent) fails its check and runs with the fix, not silently', async () => {
    const s = service();
    const conn = await s.impl['connections:create']({ ...sage300('https://10.1.2.3/Sage300WebApi') });
    const row = s.ctx.store.connections.get(conn.id)!;
    s.ctx.store.connections.update({ ...row, settings: { ...row.settings, url: 'http://10.1.2.3/Sage300WebApi' } }); // as an older version saved it
    const result = await s.impl['connections:test']({ id: conn.id });
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'PLAIN_HTTP_NEEDS_CONSENT', hint: expect.stringContaining('Allow plain HTTP') }] });
  });

  it('loopback needs no consent, and the connector talks to it (the allowed hosts include the configured origin)', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(String(req.headers.authorization ?? ''));
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"status":"error","message":"nope","category":"INVALID_AUTHENTICATION"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    onCleanup(() => new Promise<void>((r) => server.close(() => r())));
    const s = service();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const conn = await s.impl['connections:create']({ system: 'hubspot', name: 'CRM', settings: { baseUrl: url }, secrets: { accessToken: 'pat-loopback-token' } });
    expect(conn).toMatchObject({ plainHttpConsent: false, warnings: [] });
    const result = await s.impl['connections:test']({ id: conn.id });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.code)).not.toContain('HOST_NOT_ALLOWED');
    expect(seen).toContain('Bearer pat-loopback-token');
  });

  it('import: the consent travels in the file; without it a private http address is refused, naming the entry', async () => {
    const s = service();
    await s.impl['connections:create']({ ...sage300('http://10.1.2.3/Sage300WebApi'), plainHttpConsent: true });
    const ws = await exportWorkspace(s.impl, s.ctx, { withSecrets: true });
    expect(ws.connections[0]).toMatchObject({ plainHttpConsent: true });
    expect(ws.connections[0]!.tls).toBeUndefined();
    const fresh = service();
    await importWorkspace({ ctx: fresh.ctx }, ws, {});
    expect((await fresh.impl['connections:list'](undefined))[0]).toMatchObject({ plainHttpConsent: true, secretsSet: ['password'] });
    const other = service();
    const { plainHttpConsent: _c, ...withoutConsent } = ws.connections[0]!;
    const err = await refusal(importWorkspace({ ctx: other.ctx }, { ...ws, connections: [withoutConsent] }, {}));
    expect(err).toMatchObject({ code: 'PLAIN_HTTP_NEEDS_CONSENT' });
    expect(err!.message).toContain('connections[0] "ERP"');
    expect(await other.impl['connections:list'](undefined)).toEqual([]);
  });
});
