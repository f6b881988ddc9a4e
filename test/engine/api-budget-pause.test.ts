// An exhausted API budget (HubSpot's daily limit for the portal) pauses a flow instead of failing it
// run after run: an alert says when it resumes, the scheduler leaves it alone until then, and at that
// time it resumes by itself from its last committed page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotSandboxOf } from '../support/sandboxes.ts';

describe('API budget pause', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ dataDir: tmp.dir, systems: ['sage300', 'hubspot'], sage300: { records: 30, seed: 9 } });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('pauses the flow with an alert that says when, skips it until then, and resumes it at that time', async () => {
    const hub = hubspotSandboxOf(env);
    const engine = env.service.engine;
    const impl = env.service.impl;
    const companies = env.flows.find((f) => f.template === 'sage300-hubspot/customers')!;
    const contacts = env.flows.find((f) => f.template === 'sage300-hubspot/contacts')!;
    // The portal has all but a handful of today's calls used up (HubSpot reports it in its daily headers).
    const daily = (await (await fetch(`${hub.url}/__sandbox/daily`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ used: 0 }) })).json()) as { daily: number };
    await fetch(`${hub.url}/__sandbox/daily`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ used: daily.daily - 3 }) });

    // The first calls learn the portal's count from HubSpot's headers; the next flow's first call is held back.
    expect((await engine.runNow([companies.id]))[0]!.status).toBe('succeeded');
    const [run] = await engine.runNow([contacts.id]);
    expect(run!.error?.code).toBe('API_BUDGET');
    const alert = (await impl['settings:alerts']({ includeDismissed: false })).find((a) => a.code === 'API_BUDGET' && a.flowId === contacts.id)!;
    expect(alert.severity).toBe('warning');
    expect(alert.message).toMatch(/^Flow "Customer contacts → Contacts" is paused: This HubSpot account has used \d+ of its \d+ daily API calls/);
    const resumeAt = /resumes by itself at (\S+), when the budget is back/.exec(alert.hint ?? '')![1]!;
    expect(Date.parse(resumeAt)).toBeGreaterThan(Date.now());
    expect(engine.nextRunAt(contacts.id)).toBe(new Date(resumeAt).toISOString());

    // Before the budget is back the scheduler starts nothing, however due the flow's schedule is.
    const runsBefore = (await impl['runs:list']({ flowId: contacts.id, limit: 50 })).length;
    engine.tick(new Date(Date.parse(resumeAt) - 60_000));
    expect(engine.isRunning(contacts.id)).toBe(false);
    expect((await impl['runs:list']({ flowId: contacts.id, limit: 50 })).length).toBe(runsBefore);

    // At the time it resumes on its own.
    engine.tick(new Date(Date.parse(resumeAt) + 1_000));
    const runs = await impl['runs:list']({ flowId: contacts.id, limit: 50 });
    expect(runs.length).toBe(runsBefore + 1);
    expect(runs[0]!.trigger).toBe('schedule');
  });
});
