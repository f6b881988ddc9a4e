// Every request a connector makes goes only to its connection's allowed hosts: the
// configured origins plus what the manifest says the system may hand out at login. Run against each
// connector's own sandbox on 127.0.0.1, a connector opened with nothing allowed sends nothing; Zoho's
// api_domain and Intacct's session endpoints, learned at login, are held to the same set.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BUILT_IN_CONNECTORS } from './index.ts';
import { connectionAllowedHosts, isAllowedHost } from './kit/hosts.ts';
import { testContext } from './kit/testing/context.ts';
import type { RunningSandbox } from './kit/sandbox/types.ts';
import { zohoManifest } from './zoho/index.ts';
import { zohoConfigSchema } from './zoho/config.ts';
import { intacctManifest } from './intacct/index.ts';
import { intacctConfigSchema } from './intacct/config.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A listener on 127.0.0.1 that records what it is sent and answers with `answer`. */
async function listener(answer: (path: string) => unknown): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(req.url ?? '')));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('connectors send nothing outside their allowed hosts', () => {
  const withSandbox = BUILT_IN_CONNECTORS.filter((m) => m.capabilities?.sandbox && m.capabilities.demo);

  it('every connector with a sandbox is covered', () => {
    expect(withSandbox.map((m) => m.id).sort()).toEqual(expect.arrayContaining(['hubspot', 'intacct', 'sage100', 'sage300', 'sapb1', 'zoho']));
  });

  it.each(withSandbox.map((m) => [m.id, m] as const))('%s: allowed, check() reaches its sandbox; with nothing allowed, it sends nothing', async (_id, manifest) => {
    const start = await manifest.capabilities!.sandbox!();
    const sandbox: RunningSandbox = await start({ port: 0, records: 3, seed: 1, ...manifest.capabilities!.demo!.sandboxOptions });
    cleanups.push(() => sandbox.close());
    const { settings, secrets } = manifest.capabilities!.demo!.connection(sandbox.line);
    const config = manifest.configSchema.parse(settings);
    const allowed = manifest.create(config, testContext(secrets, { allowedHosts: connectionAllowedHosts(manifest, [new URL(sandbox.url).origin], config) }));
    cleanups.push(() => allowed.close());
    const ok = await allowed.check();
    expect(ok.problems.map((p) => p.message).join(' ')).not.toMatch(/may only go to/);
    const fenced = manifest.create(config, testContext(secrets, { allowedHosts: [] }));
    cleanups.push(() => fenced.close());
    const refused = await fenced.check();
    expect(refused.ok).toBe(false);
    expect(refused.problems.map((p) => p.message).join(' ')).toMatch(/credentials may only go to \(nowhere\)\. Nothing was sent/);
  });

  it("Zoho: a token answer naming an api_domain outside the connection's hosts gets no request (another port on this machine included)", async () => {
    const thief = await listener(() => ({ data: [] }));
    const accounts = await listener(() => ({ access_token: '1000.access-token-for-thief', api_domain: thief.url, token_type: 'Bearer', expires_in: 3600 }));
    const settings = { dataCentre: 'US', accountsUrl: accounts.url, clientId: '1000.CLIENT' };
    const config = zohoConfigSchema.parse(settings);
    const connector = zohoManifest.create(config, testContext({ clientSecret: 'client-secret-1', refreshToken: '1000.refresh-token-1' }, { allowedHosts: connectionAllowedHosts(zohoManifest, [accounts.url], config) }));
    cleanups.push(() => connector.close());
    const result = await connector.check();
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain(thief.url);
    expect(accounts.seen).toHaveLength(1); // the refresh, to the configured accounts server
    expect(thief.seen).toEqual([]);
    // The data centre's own API hosts stay allowed (https only); look-alikes do not.
    const allowed = connectionAllowedHosts(zohoManifest, [accounts.url], config);
    expect(isAllowedHost('https://www.zohoapis.com/crm/v8', allowed)).toBe(true);
    expect(isAllowedHost('http://www.zohoapis.com/crm/v8', allowed)).toBe(false);
    expect(isAllowedHost('https://www.zohoapis.com.evil.example/crm/v8', allowed)).toBe(false);
    expect(isAllowedHost('https://www.zohoapis.eu/crm/v8', allowed)).toBe(false);
  });

  it("Intacct: session endpoints on *.intacct.com (https) only when the gateway is Intacct's own; a sandbox or proxy keeps its one origin", () => {
    const own = { url: 'https://api.intacct.com/ia/xml/xmlgw.phtml', senderId: 's', companyId: 'c', userId: 'u' };
    const ownHosts = connectionAllowedHosts(intacctManifest, [new URL(own.url).origin], intacctConfigSchema.parse(own));
    expect(isAllowedHost('https://na1.api.intacct.com/ia/xml/xmlgw.phtml', ownHosts)).toBe(true);
    expect(isAllowedHost('http://na1.api.intacct.com/ia/xml/xmlgw.phtml', ownHosts)).toBe(false);
    expect(isAllowedHost('https://intacct.com.evil.example/ia/xml/xmlgw.phtml', ownHosts)).toBe(false);
    const proxy = { ...own, url: 'http://127.0.0.1:4100/ia/xml/xmlgw.phtml' };
    const proxyHosts = connectionAllowedHosts(intacctManifest, [new URL(proxy.url).origin], intacctConfigSchema.parse(proxy));
    expect(isAllowedHost('http://127.0.0.1:4100/ia/xml/xmlgw.phtml', proxyHosts)).toBe(true);
    expect(isAllowedHost('https://sandbox.intacct.com/ia/xml/xmlgw.phtml', proxyHosts)).toBe(false);
  });
});
