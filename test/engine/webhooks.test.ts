// HubSpot webhooks into a running service: a HubSpot edit runs the flow that reads it within seconds
// (no waiting for the schedule); forged, stale or replayed deliveries are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startDemoEnvironment, connectDemoWebhooks, type DemoEnvironment } from '../../main/demo/environment.ts';
import { startHttpServer, type RunningHttpServer } from '../../main/http/server.ts';
import { signatureV3 } from '../../connectors/hubspot/webhooks.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, sageApi, type SageLine, hubspotSandboxOf } from '../support/sandboxes.ts';
import { until } from '../support/until.ts';

describe('HubSpot webhooks', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let http: RunningHttpServer;
  const hookUrl = () => `http://127.0.0.1:${http.port}/webhooks/hubspot/${env.crm.id}`;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 60 } });
    http = await startHttpServer(env.service, { rendererDir: join(tmp.dir, 'no-ui'), webhooks: env.service.webhooks });
    await connectDemoWebhooks(env, http.port);
    await env.service.engine.runNow(undefined);
  });
  afterAll(async () => {
    await http?.close();
    await env?.close();
    tmp?.cleanup();
  });

  it('runs the flow that reads the edited object as soon as HubSpot reports the edit', async () => {
    const hub = hubspotAdmin(hubspotSandboxOf(env).url);
    const sage = sageApi(env.sandboxes.sage300!.line as unknown as SageLine);
    const company = (await hub.records('companies'))[2]!;
    const number = company.properties.ml_sage300_customer_number!;
    await hub.edit('companies', company.id, { phone: '+1 555 0100 77' });
    await until('the phone in Sage 300', async () => (await sage.one<{ PhoneNumber: string }>(`AR/ARCustomers('${number}')`)).PhoneNumber === '+1 555 0100 77');
    const runs = await env.service.impl['runs:list']({ limit: 50 });
    expect(runs.some((r) => r.trigger === 'webhook' && r.counts.updated >= 1)).toBe(true);
  });

  it('refuses a forged, a stale and a replayed delivery', async () => {
    const body = JSON.stringify([{ eventId: 1, portalId: 1, occurredAt: Date.now(), subscriptionType: 'company.propertyChange', attemptNumber: 0, objectId: 1 }]);
    const post = (headers: Record<string, string>) => fetch(hookUrl(), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
    const now = Date.now();
    const signed = signatureV3({ clientSecret: hubspotSandboxOf(env).clientSecret, method: 'POST', url: hookUrl(), body, timestamp: now });
    expect((await post({ 'X-HubSpot-Signature-v3': 'forged', 'X-HubSpot-Request-Timestamp': String(now) })).status).toBe(401);
    const old = now - 10 * 60_000;
    const staleSig = signatureV3({ clientSecret: hubspotSandboxOf(env).clientSecret, method: 'POST', url: hookUrl(), body, timestamp: old });
    expect((await post({ 'X-HubSpot-Signature-v3': staleSig, 'X-HubSpot-Request-Timestamp': String(old) })).status).toBe(401);
    expect((await post({ 'X-HubSpot-Signature-v3': signed, 'X-HubSpot-Request-Timestamp': String(now) })).status).toBe(200);
    expect((await post({ 'X-HubSpot-Signature-v3': signed, 'X-HubSpot-Request-Timestamp': String(now) })).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${http.port}/webhooks/hubspot/nope`, { method: 'POST', body })).status).toBe(404);
  });
});
