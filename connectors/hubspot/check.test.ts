// check(): a bad token, a missing scope and a tier without invoices are told apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../kit/rate-limit.ts';
import type { ConnectorContext } from '../kit/types.ts';
import { silentLogger } from '../kit/logger.ts';
import { hubspotConfigSchema, hubspotManifest } from './index.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from './sandbox/index.ts';
import { adminCall } from './sandbox/harness.ts';

const ctx = (token: string): ConnectorContext => ({
  logger: silentLogger,
  clock: { now: () => new Date() },
  signal: new AbortController().signal,
  secrets: { accessToken: token },
  registry: createRegistry(),
});

let pro: HubSpotSandbox;
let free: HubSpotSandbox;
beforeAll(async () => {
  pro = await startHubSpotSandbox({ tier: 'professional', timeScale: 20 });
  free = await startHubSpotSandbox({ tier: 'free', timeScale: 20 });
});
afterAll(async () => {
  await pro.close();
  await free.close();
});

async function check(sb: HubSpotSandbox, token: string) {
  const connector = hubspotManifest.create(hubspotConfigSchema.parse({ baseUrl: sb.url }), ctx(token));
  try {
    return await connector.check();
  } finally {
    await connector.close();
  }
}

describe('check()', () => {
  it('passes with a full token and learns portal and tier', async () => {
    const r = await check(pro, pro.token);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.learned).toMatchObject({ portalId: 50687303, tier: 'professional', burstLimit: 190, dailyLimit: 625000 });
  });

  it('reports a rejected token as AUTH_REJECTED and nothing else', async () => {
    const r = await check(pro, 'pat-na1-11111111-2222-3333-4444-555555555555');
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(['AUTH_REJECTED']);
    expect(r.problems[0]?.hint).toMatch(/token/);
  });

  it('reports each missing scope by name', async () => {
    const scopes = ['crm.objects.companies.read', 'crm.objects.companies.write', 'crm.schemas.companies.write', 'crm.objects.contacts.read'];
    const { token } = await adminCall<{ token: string }>(pro.url, 'POST', 'tokens', { scopes });
    const connector = hubspotManifest.create(hubspotConfigSchema.parse({ baseUrl: pro.url, objects: ['companies', 'contacts'] }), ctx(token));
    const r = await connector.check();
    await connector.close();
    expect(r.ok).toBe(false);
    expect(r.problems.every((p) => p.code === 'MISSING_SCOPE')).toBe(true);
    expect(r.problems.flatMap((p) => (p.data?.scopes as string[] | undefined) ?? [])).toEqual(['crm.objects.contacts.write', 'crm.schemas.contacts.write']);
  });

  it('reports invoices on a free portal as WRONG_TIER, not as an auth problem', async () => {
    const r = await check(free, free.token);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(['WRONG_TIER']);
    expect(r.problems[0]?.message).toMatch(/invoices/);
    expect(r.learned?.tier).toBe('free-or-starter');
  });
});
