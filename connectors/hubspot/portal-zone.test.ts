// The portal's time zone places HubSpot's daily API budget: learned from account-info on the first call
// (once per portal: a second process reads it from the account state), used for the pause-until time and
// what the dashboard reads, and UTC with a note when HubSpot's answer gives no usable zone.
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetExhaustedError } from '../kit/budget/api-budget.ts';
import { BUDGET_STATE_KEY, budgetUsageAt } from '../kit/budget/budget-usage.ts';
import { createRegistry } from '../kit/rate-limit.ts';
import { MemoryStateStore } from '../kit/state/memory-state.ts';
import { silentLogger } from '../kit/logger.ts';
import { listPage } from './objects.ts';
import { HubSpotClient } from './client.ts';
import { hubspotConfigSchema, hubspotManifest } from './index.ts';
import { adminCall } from './sandbox/harness.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from './sandbox/index.ts';

let sb: HubSpotSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const detailsCalls = async (url: string) => (await adminCall<{ byEndpoint: Record<string, number> }>(url, 'GET', 'counters')).byEndpoint['GET /account-info/v3/details'] ?? 0;

function clientOf(sandbox: HubSpotSandbox, store: MemoryStateStore, now: () => number): HubSpotClient {
  // A registry per client: each stands for a process of its own, sharing only the store.
  return new HubSpotClient({ accessToken: sandbox.token, baseUrl: sandbox.url, registry: createRegistry(), retry: { attempts: 2, baseMs: 5 }, state: store.connection('c1'), now });
}

describe("HubSpot's daily budget in the portal's time zone", () => {
  it("learns the zone on the first call, once per portal, and pauses until the portal's midnight (a 23-hour DST day)", async () => {
    sb = await startHubSpotSandbox({ tier: 'professional', timeScale: 20, switches: { portalTimeZone: 'US/Eastern' } });
    // The engine's clock on the US spring-forward day: midnight to midnight is 23 hours in New York.
    const clock = { ms: Date.parse('2026-03-08T17:00:00Z') };
    const store = new MemoryStateStore(() => clock.ms);
    const first = clientOf(sb, store, () => clock.ms);
    await listPage(first, 'companies', { limit: 1 });
    expect(await first.portalZone()).toEqual({ timeZone: 'US/Eastern' });
    await first.close();
    // What the dashboard and the planner read: the portal's day, not UTC's.
    const saved = (await store.connection('c1').account(first.accountKey).get(BUDGET_STATE_KEY))!.value;
    expect(budgetUsageAt(saved, clock.ms)).toMatchObject({ window: { kind: 'daily', timeZone: 'US/Eastern' }, periodStart: Date.parse('2026-03-08T05:00:00Z'), resetsAt: Date.parse('2026-03-09T04:00:00Z') });

    // Another process: the saved zone, no second question; HubSpot's DAILY 429 pauses it until the portal's midnight.
    const second = clientOf(sb, store, () => clock.ms);
    await adminCall(sb.url, 'PUT', 'daily', { used: 625_000 });
    const err = await listPage(second, 'companies', { limit: 1 }).catch((e: unknown) => e);
    await second.close();
    expect(await detailsCalls(sb.url)).toBe(1);
    expect(err).toBeInstanceOf(BudgetExhaustedError);
    expect((err as BudgetExhaustedError).code).toBe('API_BUDGET');
    expect((err as BudgetExhaustedError).resumeAt.toISOString()).toBe('2026-03-09T04:00:00.000Z'); // midnight EDT, not UTC's
    expect((err as BudgetExhaustedError).message).toMatch(/^This HubSpot account has used 625,000 of its 625,000 daily API calls; the server refuses more calls/);
    expect((err as BudgetExhaustedError).hint).toBe('The run resumes where it stopped at 9 Mar 2026, 00:00 (US/Eastern), when the allowance is back.');
  });

  it("a client closed before its first call leaves the portal's zone and count as they were (the hours UTC's day differs)", async () => {
    sb = await startHubSpotSandbox({ tier: 'professional', timeScale: 20, switches: { portalTimeZone: 'US/Eastern' } });
    const clock = { ms: Date.parse('2026-05-08T02:00:00Z') }; // 7 May, 22:00 in New York
    const store = new MemoryStateStore(() => clock.ms);
    const first = clientOf(sb, store, () => clock.ms);
    await listPage(first, 'companies', { limit: 1 });
    await first.close();
    const key = first.accountKey;
    const before = (await store.connection('c1').account(key).get(BUDGET_STATE_KEY))!.value;
    // Another process whose flows had nothing to send: it opens the portal and closes it without a call.
    await clientOf(sb, store, () => clock.ms).close();
    const after = (await store.connection('c1').account(key).get(BUDGET_STATE_KEY))!.value;
    expect(after).toMatchObject({ day: '2026-05-07', window: { kind: 'daily', timeZone: 'US/Eastern' } });
    expect(budgetUsageAt(after, clock.ms)).toMatchObject({ used: budgetUsageAt(before, clock.ms)!.used, resetsAt: Date.parse('2026-05-08T04:00:00Z') });
    expect(budgetUsageAt(after, clock.ms)!.used).toBeGreaterThan(0);
  });

  it('falls back to UTC days with a note when HubSpot names a zone this computer does not know', async () => {
    sb = await startHubSpotSandbox({ tier: 'professional', timeScale: 20, switches: { portalTimeZone: 'Mars/Olympus_Mons' } });
    const clock = { ms: Date.parse('2026-06-30T20:00:00Z') };
    const store = new MemoryStateStore(() => clock.ms);
    const client = clientOf(sb, store, () => clock.ms);
    await listPage(client, 'companies', { limit: 1 });
    await client.close();
    const saved = (await store.connection('c1').account(client.accountKey).get(BUDGET_STATE_KEY))!.value;
    const usage = budgetUsageAt(saved, clock.ms)!;
    expect(usage.window).toMatchObject({ kind: 'daily', timeZone: 'UTC', note: expect.stringMatching(/^HubSpot names this portal's time zone "Mars\/Olympus_Mons", which this computer does not know, so its daily API calls are counted in UTC days/) });
    expect(usage.resetsAt).toBe(Date.parse('2026-07-01T00:00:00Z'));
  });

  it("tries again within the hour when the day is spent before the portal's zone could be asked", async () => {
    sb = await startHubSpotSandbox({ tier: 'professional', timeScale: 20 });
    await adminCall(sb.url, 'PUT', 'daily', { used: 625_000 });
    const clock = { ms: Date.parse('2026-06-30T20:00:00Z') };
    const store = new MemoryStateStore(() => clock.ms);
    const client = clientOf(sb, store, () => clock.ms);
    const err = (await listPage(client, 'companies', { limit: 1 }).catch((e: unknown) => e)) as BudgetExhaustedError;
    await client.close();
    expect(err).toBeInstanceOf(BudgetExhaustedError);
    // Not the next UTC midnight: the portal's may be hours later, and its zone is asked again then.
    expect(err.resumeAt.toISOString()).toBe('2026-06-30T21:00:00.000Z');
    expect((await client.portalZone()).note).toMatch(/^HubSpot could not be asked for this portal's time zone/);
    expect(await store.connection('c1').account(client.accountKey).get('portal-time-zone')).toBeUndefined();
  });

  it('Test connection reads the zone again and says when the daily limit resets', async () => {
    sb = await startHubSpotSandbox({ tier: 'professional', timeScale: 20, switches: { portalTimeZone: 'America/Los_Angeles' } });
    const store = new MemoryStateStore();
    const connector = hubspotManifest.create(hubspotConfigSchema.parse({ baseUrl: sb.url }), {
      logger: silentLogger,
      clock: { now: () => new Date() },
      signal: new AbortController().signal,
      secrets: { accessToken: sb.token },
      registry: createRegistry(),
      state: store.connection('draft'),
    });
    const r = await connector.check();
    await connector.close();
    expect(r.ok).toBe(true);
    expect(r.learned).toMatchObject({ portalId: 50_687_303, timeZone: 'America/Los_Angeles' });
    expect(r.summary).toMatch(/Its daily API limit resets at midnight America\/Los_Angeles time\.$/);
    // One question for the whole test; a connection of the same portal later reads the answer.
    expect(await detailsCalls(sb.url)).toBe(1);
    const later = clientOf(sb, store, Date.now);
    expect(await later.portalZone()).toEqual({ timeZone: 'America/Los_Angeles' });
    await later.close();
    expect(await detailsCalls(sb.url)).toBe(1);
  });
});
