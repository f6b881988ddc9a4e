// SAP Business One's Webhook Messenger into a running service: the sandbox's messenger (spec §10.1)
// hands a change to /webhooks/sapb1/<connectionId> and the flow that reads it runs at once; the
// handshake answers the challenge only when signed with the connection's key; unsigned, forged or
// malformed notifications are refused (polling stays the fallback).
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EVENTS } from '../../connectors/sapb1/demo.ts';
import { withWebhookDemo } from '../support/webhook-demo.ts';
import { hubspotAdmin, hubspotSandboxOf } from '../support/sandboxes.ts';
import { until } from '../support/until.ts';

type Line = { url: string; admin: string; companyDB: string; user: string; password: string };

describe('SAP Business One webhooks', () => {
  const demo = withWebhookDemo({ systems: ['sapb1', 'hubspot'], sapb1: { records: 20, seed: 9 } });
  let line: Line;
  const connection = () => demo.env.connections.sapb1!;
  const hookUrl = () => demo.hookUrl('sapb1', connection().id);
  /** A Service Layer session of the sandbox's superuser (cookie header). */
  const login = async () => {
    const res = await fetch(`${line.url}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: line.companyDB, UserName: line.user, Password: line.password }) });
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  };
  const KEY = 'a-known-test-key-0123456789';

  beforeAll(() => {
    line = demo.env.sandboxes.sapb1!.line as unknown as Line;
  });

  it('runs the partner flow as soon as the Messenger reports an edit in SAP', async () => {
    const hub = hubspotAdmin(hubspotSandboxOf(demo.env).url);
    const company = (await hub.records('companies')).find((c) => c.properties.ml_sapb1_card_code)!;
    const code = company.properties.ml_sapb1_card_code!;
    const edit = await fetch(`${line.admin}/records/BusinessPartners/${code}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ changes: { Phone1: '+1 555 0199 42' } }) });
    expect(edit.status).toBe(200);
    await until('the phone in HubSpot', async () => (await hub.record('companies', company.id)).properties.phone === '+1 555 0199 42');
    const runs = await demo.env.service.impl['runs:list']({ limit: 50 });
    expect(runs.some((r) => r.trigger === 'webhook' && r.counts.updated >= 1)).toBe(true);
  });

  it('answers the handshake challenge only when it is signed with the connection key', async () => {
    // A key rotation, as an admin would do it: the connection's secret and the subscription's credential.
    const secret = KEY;
    await demo.env.service.impl['connections:update']({ id: connection().id, patch: { secrets: { webhookKey: KEY } } });
    const rotate = await fetch(`${line.url}/EventSubscriptions('ml-connector')`, { method: 'PATCH', headers: { Cookie: await login() }, body: JSON.stringify({ AuthenticationCred: JSON.stringify({ Key: KEY, Algorithm: 'HMACSha256' }) }) });
    expect(rotate.status).toBe(204);
    const token = 'f0e1d2c3-token';
    const good = await fetch(hookUrl(), { headers: { 'X-B1-Webhook-Token': token, 'X-B1-Webhook-Signature': createHmac('sha256', secret).update(token).digest('hex') } });
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ Challenge: token });
    const forged = await fetch(hookUrl(), { headers: { 'X-B1-Webhook-Token': token, 'X-B1-Webhook-Signature': 'deadbeef' } });
    expect(forged.status).toBe(401);
    // Through the sandbox's own Handshake action and a second subscription created with a handshake.
    const cookie = await login();
    const act = await fetch(`${line.url}/EventSubscriptions('ml-connector')/Handshake`, { method: 'POST', headers: { Cookie: cookie } });
    expect(act.status).toBe(204);
    const wrongKey = await fetch(`${line.url}/EventSubscriptions`, {
      method: 'POST', headers: { Cookie: cookie },
      body: JSON.stringify({ WebhookID: 'other', WebhookURL: `${hookUrl()}?second`, AuthenticationType: 'HMAC', AuthenticationCred: JSON.stringify({ Key: 'not-our-key' }), EventCollection: DEMO_EVENTS }),
    });
    expect(wrongKey.status).toBe(400);
    expect(JSON.stringify(await wrongKey.json())).toMatch(/Handshake/);
  });

  it('refuses unsigned, forged and malformed notifications', async () => {
    const secret = KEY;
    const body = JSON.stringify([{ id: 'e-1', specversion: '1.0', source: '/default/sap.b1/X', type: 'sap.b1.Invoices.Created.v1', subject: '1', time: new Date().toISOString(), data: { DocEntry: '1' } }]);
    const post = (b: string, headers: Record<string, string>) => fetch(hookUrl(), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: b });
    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, { 'X-B1-Webhook-Signature': createHmac('sha256', 'wrong').update(body).digest('hex') })).status).toBe(401);
    const bad = '{"not":"an event"}';
    expect((await post(bad, { 'X-B1-Webhook-Signature': createHmac('sha256', secret).update(bad).digest('hex') })).status).toBe(400);
    const ok = await post(body, { 'X-B1-Webhook-Signature': createHmac('sha256', secret).update(body).digest('base64') });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { flows: string[] }).flows.sort()).toEqual(['A/R invoices → Invoices', 'Incoming payments → Invoice amount paid and status']);
  });
});
