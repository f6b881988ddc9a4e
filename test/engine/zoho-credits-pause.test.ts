// Zoho's API credits run out (issue #17): other apps spent the org's credits of the last 24 hours, so
// Zoho answers 429 TOO_MANY_REQUESTS with a Retry-After of hours. The won-deals flow pauses with an alert
// that says when it resumes instead of failing; once the sandbox's rolling window has freed credits (its
// clock moved on a day) the scheduler resumes the flow at that time and the deal becomes its order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { sageApi, type SageLine } from '../support/sandboxes.ts';
import { until } from '../support/until.ts';

describe('Zoho credits running out', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  const zoho = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${String(env.sandboxes.zoho!.line.admin)}/${path}`, { method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ dataDir: tmp.dir, systems: ['sage300', 'zoho'], sage300: { records: 10 }, zoho: { records: 8, switches: { retryAfterOn429: true } } });
    await env.service.engine.runNow(undefined);
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('pauses the flow with an alert saying when, and resumes it once the rolling window frees credits', async () => {
    const { engine, impl } = env.service;
    const won = env.flows.find((f) => f.template === 'sage300-zoho/won-deals')!;
    const deals = await zoho<{ results: { id: string; Stage: string; Account_Name: unknown }[] }>('GET', 'records/Deals?limit=500');
    const deal = deals.results.find((d) => d.Stage !== 'Closed Won' && d.Account_Name)!;
    await zoho('PATCH', `records/Deals/${deal.id}`, { changes: { Stage: 'Closed Won' } });
    // Other apps used every credit an hour ago: they come back in 23 hours.
    const info = await zoho<{ credits: { daily: number } }>('GET', 'info');
    await zoho('PUT', 'credits', { used: info.credits.daily, agoSeconds: 3600 });

    const [run] = await engine.runNow([won.id]);
    expect(run!.error?.code).toBe('API_BUDGET');
    const alert = (await impl['settings:alerts']({ includeDismissed: false })).find((a) => a.code === 'API_BUDGET' && a.flowId === won.id)!;
    expect(alert.message).toMatch(/is paused: Zoho CRM keeps answering TOO_MANY_REQUESTS/);
    const resumeAt = Date.parse(String(engine.nextRunAt(won.id)));
    expect(resumeAt).toBeGreaterThan(Date.now() + 22 * 3600_000);
    const orders = async () => (await sageApi(env.sandboxes.sage300!.line as unknown as SageLine).all<{ OrderReference: string }>('OE/OEOrders')).filter((o) => o.OrderReference === `ML-${deal.id}`).length;
    expect(await orders()).toBe(0);

    // A day later on Zoho's clock the credits are back; at its resume time the flow runs and orders the deal.
    await zoho('POST', 'clock', { advanceMs: 24 * 3600_000 });
    engine.tick(new Date(resumeAt + 1000));
    await until('the order in Sage 300', async () => (await orders()) === 1);
    await until('the run to finish', async () => !engine.isRunning(won.id));
    const runs = await impl['runs:list']({ flowId: won.id, limit: 5 });
    expect(runs[0]).toMatchObject({ trigger: 'schedule', status: 'succeeded' });
    expect((await impl['settings:alerts']({ includeDismissed: false })).some((a) => a.code === 'API_BUDGET' && a.flowId === won.id)).toBe(false);
  });
});
