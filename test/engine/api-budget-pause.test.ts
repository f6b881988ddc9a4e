// An exhausted API budget (HubSpot's daily limit for the portal) pauses a flow instead of failing it
// run after run: an alert says when it resumes, the scheduler leaves it alone until then, and when the
// night has passed — on the HubSpot sandbox's clock (its daily count starts again at the portal's
// midnight) and on the engine's — it resumes by itself from its last committed page and writes.
// Each run records what it spent per account, which the budget planner and the dashboard read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotSandboxOf } from '../support/sandboxes.ts';
import { until } from '../support/until.ts';
import { budgetText } from '../../main/cli/budget.ts';
import { nextLocalMidnight } from '../../connectors/kit/budget/windows.ts';

const json = (method: string, body: unknown) => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('API budget pause', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  // The engine's and the connectors' clock: moved to the next day with the sandbox's.
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ dataDir: tmp.dir, systems: ['sage300', 'hubspot'], sage300: { records: 30, seed: 9 }, clock });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('pauses the flow with an alert that says when, skips it until then, and resumes it when the sandbox’s day is over', async () => {
    const hub = hubspotSandboxOf(env);
    const engine = env.service.engine;
    const impl = env.service.impl;
    const companies = env.flows.find((f) => f.template === 'sage300-hubspot/customers')!;
    const contacts = env.flows.find((f) => f.template === 'sage300-hubspot/contacts')!;
    // The portal has all but a handful of today's calls used up (HubSpot reports it in its daily headers).
    const daily = (await (await fetch(`${hub.url}/__sandbox/daily`, json('PUT', { used: 0 }))).json()) as { daily: number };
    await fetch(`${hub.url}/__sandbox/daily`, json('PUT', { used: daily.daily - 3 }));

    // The first calls learn the portal's count from HubSpot's headers; the next flow's first call is held back.
    const [first] = await engine.runNow([companies.id]);
    expect(first!.status).toBe('succeeded');
    // The run recorded what it spent, on the one HubSpot account.
    const spent = env.service.ctx.store.runs.get(first!.id)!.apiUnits;
    expect(Object.keys(spent)).toEqual([expect.stringMatching(/^hubspot:[0-9a-f]{16}$/)]);
    expect(Object.values(spent)[0]).toBeGreaterThan(0);

    const [run] = await engine.runNow([contacts.id]);
    expect(run!.error?.code).toBe('API_BUDGET');
    // The connector's 'This HubSpot account' is named as every screen names it: by its connection.
    expect(run!.error?.message).toMatch(/^HubSpot account "HubSpot \(sandbox\)" has used [\d,]+ of its [\d,]+ daily API calls/);
    const alert = (await impl['settings:alerts']({ includeDismissed: false })).find((a) => a.code === 'API_BUDGET' && a.flowId === contacts.id)!;
    expect(alert.severity).toBe('warning');
    expect(alert.message).toMatch(/^Flow "Customer contacts → Contacts" is paused: HubSpot account "HubSpot \(sandbox\)" has used [\d,]+ of its [\d,]+ daily API calls/);
    expect(alert.hint).toMatch(/resumes by itself, from its last committed page, when the budget is back/);
    const resumeAt = env.service.ctx.store.runs.get(run!.id)!.pausedUntil!;
    // The portal's midnight (the sandbox portal's zone is US/Eastern, which the first call learned), not UTC's.
    expect(new Date(resumeAt).toISOString()).toBe(new Date(nextLocalMidnight(Date.now(), 'US/Eastern')).toISOString());
    expect(engine.nextRunAt(contacts.id)).toBe(new Date(resumeAt).toISOString());
    // Past 80 % the admin was told which flows spend most, on the HubSpot connection.
    const high = (await impl['settings:alerts']({ includeDismissed: false })).find((a) => a.code === 'API_BUDGET_HIGH')!;
    expect(high.connectionId).toBe(env.connections.hubspot!.id);
    expect(high.message).toMatch(/^HubSpot account "HubSpot \(sandbox\)" has used (9\d|100) % of today's [\d,]+ API calls \([\d,]+\)\. The flows that spend most: "Customers → Companies" \(\d+ calls\)/);

    // The dashboard's view: the account at its limit, the paused flow and when it resumes.
    const usage = await impl['budget:usage']({});
    const account = usage.accounts.find((a) => a.system === 'hubspot')!;
    expect(account).toMatchObject({ level: 'exhausted', limit: daily.daily, connections: [{ id: env.connections.hubspot!.id, name: env.connections.hubspot!.name }] });
    expect(account).toMatchObject({ window: { kind: 'daily', timeZone: 'US/Eastern', note: null }, resetsAt: new Date(resumeAt).toISOString() });
    expect(account.flows[0]).toMatchObject({ flowId: companies.id, flowName: 'Customers → Companies' });
    expect(usage.paused).toEqual([expect.objectContaining({ flowId: contacts.id, flowName: 'Customer contacts → Contacts', resumesAt: new Date(resumeAt).toISOString() })]);
    // `ml-connector budget` says the same.
    const text = budgetText(usage, []);
    // One name for the account everywhere (the run's message and both alerts above, the dashboard, the CLI).
    expect(account.label).toBe('HubSpot account "HubSpot (sandbox)"');
    expect(text).toMatch(/^HubSpot account "HubSpot \(sandbox\)": [\d,]+ of [\d,]+ API calls used today \(\d+ %\); [\d,]+ kept for other apps\.$/m);
    expect(text).toMatch(/SPENT: flows pause until it is back; the flows that spend most: "Customers → Companies" \d+/);
    // On the one 24-hour clock of the app (preload/contract/time-text.ts), whatever the machine's locale.
    expect(text).toMatch(/paused: "Customer contacts → Contacts" resumes at (\w{3} \d{1,2} \w{3} )?\d\d:\d\d \(/);
    expect(text).toMatch(/resets at (\w{3} \d{1,2} \w{3} )?\d\d:\d\d \(midnight US\/Eastern\)/);

    // Before the budget is back the scheduler starts nothing, however due the flow's schedule is.
    const runsBefore = (await impl['runs:list']({ flowId: contacts.id, limit: 50 })).length;
    engine.tick(new Date(Date.parse(resumeAt) - 60_000));
    expect(engine.isRunning(contacts.id)).toBe(false);
    expect((await impl['runs:list']({ flowId: contacts.id, limit: 50 })).length).toBe(runsBefore);

    // The night passes: the sandbox's clock (its daily count starts again at the portal's midnight) and ours.
    const advanceMs = Date.parse(resumeAt) + 1_000 - Date.now();
    await fetch(`${hub.url}/__sandbox/clock`, json('POST', { advanceMs }));
    clock.offsetMs = advanceMs;
    engine.tick(clock.now());
    const resumed = await until('the resumed run', async () => {
      const [latest] = await impl['runs:list']({ flowId: contacts.id, limit: 1 });
      return latest && latest.trigger === 'schedule' && latest.finishedAt ? latest : null;
    });
    expect(resumed.status).toBe('succeeded');
    expect(resumed.counts.created).toBeGreaterThan(0);
    expect((await impl['runs:list']({ flowId: contacts.id, limit: 50 })).length).toBe(runsBefore + 1);
    // HubSpot counts from zero again, and so do we: the new day's use is that of the runs since, the pause is gone.
    const after = (await impl['budget:usage']({})).accounts.find((a) => a.system === 'hubspot')!;
    expect(after.level).toBe('ok');
    expect(after.used).toBeLessThan(100);
    expect(after.flows.map((f) => f.flowId)).toContain(contacts.id);
    expect((await impl['budget:usage']({})).paused).toEqual([]);
    expect((await impl['settings:alerts']({ includeDismissed: false })).some((a) => a.code === 'API_BUDGET' || a.code === 'API_BUDGET_HIGH')).toBe(false);
  });
});
