// HubSpot webhooks into a running service: a HubSpot edit runs the flow that reads it within seconds
// (no waiting for the schedule); forged, stale or replayed deliveries are refused.
import { describe, expect, it } from 'vitest';
import { signatureV3 } from '../../connectors/hubspot/webhooks.ts';
import { withWebhookDemo } from '../support/webhook-demo.ts';
import { hubspotAdmin, sageApi, type SageLine, hubspotSandboxOf } from '../support/sandboxes.ts';
import { until } from '../support/until.ts';

describe('HubSpot webhooks', () => {
  const demo = withWebhookDemo({ systems: ['sage300', 'hubspot'], sage300: { records: 60 } });
  const hookUrl = () => demo.hookUrl('hubspot', demo.env.crm.id);


  it('runs the flow that reads the edited object as soon as HubSpot reports the edit', async () => {
    const hub = hubspotAdmin(hubspotSandboxOf(demo.env).url);
    const sage = sageApi(demo.env.sandboxes.sage300!.line as unknown as SageLine);
    const company = (await hub.records('companies'))[2]!;
    const number = company.properties.ml_sage300_customer_number!;
    await hub.edit('companies', company.id, { phone: '+1 555 0100 77' });
    await until('the phone in Sage 300', async () => (await sage.one<{ PhoneNumber: string }>(`AR/ARCustomers('${number}')`)).PhoneNumber === '+1 555 0100 77');
    const runs = await demo.env.service.impl['runs:list']({ limit: 50 });
    expect(runs.some((r) => r.trigger === 'webhook' && r.counts.updated >= 1)).toBe(true);
  });

  it('refuses a forged, a stale and a replayed delivery', async () => {
    const body = JSON.stringify([{ eventId: 1, portalId: 1, occurredAt: Date.now(), subscriptionType: 'company.propertyChange', attemptNumber: 0, objectId: 1 }]);
    const post = (headers: Record<string, string>) => fetch(hookUrl(), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
    const now = Date.now();
    const signed = signatureV3({ clientSecret: hubspotSandboxOf(demo.env).clientSecret, method: 'POST', url: hookUrl(), body, timestamp: now });
    expect((await post({ 'X-HubSpot-Signature-v3': 'forged', 'X-HubSpot-Request-Timestamp': String(now) })).status).toBe(401);
    const old = now - 10 * 60_000;
    const staleSig = signatureV3({ clientSecret: hubspotSandboxOf(demo.env).clientSecret, method: 'POST', url: hookUrl(), body, timestamp: old });
    expect((await post({ 'X-HubSpot-Signature-v3': staleSig, 'X-HubSpot-Request-Timestamp': String(old) })).status).toBe(401);
    expect((await post({ 'X-HubSpot-Signature-v3': signed, 'X-HubSpot-Request-Timestamp': String(now) })).status).toBe(200);
    expect((await post({ 'X-HubSpot-Signature-v3': signed, 'X-HubSpot-Request-Timestamp': String(now) })).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${demo.port}/webhooks/hubspot/nope`, { method: 'POST', body })).status).toBe(404);
  });
});
