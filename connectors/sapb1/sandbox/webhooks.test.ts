// The Webhook Messenger (spec §10.1) as an independent client and receiver written from SAP's guide see it,
// over real sockets: company settings, the event catalog, permission 2249 for non-superusers, the bound
// actions Pause/Resume/Handshake/Replay, WorkMode Replay, B1S-ReplaceCollectionsOnPatch, retries per the
// company's settings and the EventNotifications delivery log.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CLERK_USER, startSapB1Sandbox, type SapB1Sandbox } from './index.ts';

interface Line { url: string; companyDB: string; user: string; password: string; admin: string }
type Json = Record<string, unknown>;
interface Notification { id: string; type: string; subject: string; data: Record<string, string> }

let sb: SapB1Sandbox | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await sb?.close();
  await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
  sb = undefined;
  receiver = undefined;
});

/** Polls until `fn` holds (deliveries are asynchronous). */
async function until(what: string, fn: () => unknown, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A webhook endpoint: answers the handshake challenge, records notifications, fails while `failing`. With
 * `oauth`, it is also the token endpoint (`POST /token`, client_credentials) and wants its Bearer token.
 */
async function endpoint(oauth?: { clientId: string; clientSecret: string }) {
  const state = { events: [] as Notification[], handshakes: 0, failing: false, tokensIssued: 0 };
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (oauth && req.url === '/token') {
        const form = new URLSearchParams(body);
        if (req.method !== 'POST' || form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== oauth.clientId || form.get('client_secret') !== oauth.clientSecret) {
          return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
        }
        state.tokensIssued++;
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 }));
      }
      if (oauth && req.headers.authorization !== 'Bearer tok-1') return void res.writeHead(401).end();
      if (req.method === 'GET') {
        state.handshakes++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Challenge: req.headers['x-b1-webhook-token'] }));
        return;
      }
      if (state.failing) return void res.writeHead(503).end();
      const parsed = JSON.parse(body) as Notification | Notification[];
      state.events.push(...(Array.isArray(parsed) ? parsed : [parsed]));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
  return { state, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` };
}

async function start(switches: Json = {}, timeScale = 1) {
  sb = await startSapB1Sandbox({ port: 0, records: 10, seed: 5, timeScale, switches: { sessionTimeoutSeconds: 100_000_000, webhookFlushMs: 20, ...switches } });
  const line = sb.line as unknown as Line;
  const session = async (user: string) => {
    const res = await fetch(`${line.url}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: line.companyDB, UserName: user, Password: line.password }) });
    expect(res.status, `login ${user}`).toBe(200);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  };
  const manager = await session(line.user);
  const call = async (method: string, path: string, body?: unknown, opts: { cookie?: string; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${line.url}/${path}`, { method, headers: { cookie: opts.cookie ?? manager, ...opts.headers }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json | undefined };
  };
  const partner = String(((await call('GET', 'BusinessPartners?$select=CardCode&$top=1')).json!.value as Json[])[0]!.CardCode);
  const editPartner = async (phone: string) => {
    const res = await fetch(`${line.admin}/records/BusinessPartners/${partner}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ changes: { Phone1: phone } }) });
    expect(res.status).toBe(200);
  };
  const advance = (ms: number) => fetch(`${line.admin}/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: ms }) });
  expect((await call('POST', 'CompanyService_UpdateAdminInfo', { AdminInfo: { EnableWebhook: 'tYES' } })).status).toBe(204);
  return { line, session, call, partner, editPartner, advance };
}

const subscription = (id: string, url: string, extra: Json = {}) => ({
  WebhookID: id, WebhookURL: url, AuthenticationType: 'None', EventCollection: [{ BusinessObject: 'BusinessPartners', TransactionType: 'Updated' }], ...extra,
});

describe('SAP B1 sandbox: the Webhook Messenger (spec §10.1)', () => {
  it('company settings: defaults from the guide, EnableWebhook off until updated, values checked; the event catalog', async () => {
    sb = await startSapB1Sandbox({ port: 0, records: 5, seed: 5 });
    const line = sb.line as unknown as Line;
    const res = await fetch(`${line.url}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: line.companyDB, UserName: line.user, Password: line.password }) });
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const post = async (path: string, body?: unknown) => {
      const r = await fetch(`${line.url}/${path}`, { method: 'POST', headers: { cookie }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      const text = await r.text();
      return { status: r.status, json: (text ? JSON.parse(text) : undefined) as Json };
    };
    expect((await post('CompanyService_GetAdminInfo')).json).toMatchObject({
      EnableWebhook: 'tNO', MaxNumberOfWebHooks: 16, MessageTTL: 24, WebhookRetryTimes: 3, WebhookRetryInterval: 2, WebhookRequestTimeout: 10, MessageBatchLimit: 1024, MessageRetentionTime: 30,
    });
    const refused = await post('EventSubscriptions', subscription('early', 'http://127.0.0.1:9/hook', { Handshake: 'tNO' }));
    expect(refused.status).toBe(400);
    expect((await post('CompanyService_UpdateAdminInfo', { AdminInfo: { EnableWebhook: 'maybe' } })).status).toBe(400);
    expect((await post('CompanyService_UpdateAdminInfo', { AdminInfo: { MessageBatchLimit: -1 } })).status).toBe(400);
    expect((await post('CompanyService_UpdateAdminInfo', { AdminInfo: { EnableWebhook: 'tYES', MaxNumberOfWebHooks: 20, MessageBatchLimit: 32 } })).status).toBe(204);
    expect((await post('CompanyService_GetAdminInfo')).json).toMatchObject({ EnableWebhook: 'tYES', MaxNumberOfWebHooks: 20, MessageBatchLimit: 32 });
    const catalog = (await post('EventSubscriptionsService_GetEventCatalog')).json;
    expect(catalog).toMatchObject({ Version: '1.0', Description: 'SAP Business One Event Catalog' });
    expect(catalog.value).toEqual(expect.arrayContaining([
      { BusinessObject: 'BusinessPartners', ObjectType: '2', TransactionTypes: 'Created,Updated,Deleted' },
      { BusinessObject: 'Orders', ObjectType: '17', TransactionTypes: 'Created,Updated,Deleted,Closed,Cancelled,Reopened' },
    ]));
  });

  it('permission 2249: a non-superuser gets 403 until a superuser grants Webhook Manipulation and the permission cache (a minute) has passed', async () => {
    const { session, call, advance } = await start();
    const hook = await endpoint();
    const clerk = await session(CLERK_USER);
    const create = () => call('POST', 'EventSubscriptions', subscription('clerk-hook', hook.url), { cookie: clerk });
    expect((await create()).status).toBe(403);
    const grant = { PermissionID: '2249', UserCode: CLERK_USER, Permission: 1 };
    expect((await call('POST', 'SBOBobService_SetSystemPermission', grant, { cookie: clerk })).status).toBe(403);
    expect((await call('POST', 'SBOBobService_SetSystemPermission', { ...grant, UserCode: 'nobody' })).status).toBe(404);
    expect((await call('POST', 'SBOBobService_SetSystemPermission', grant)).status).toBe(204);
    expect((await create()).status).toBe(403);
    await advance(61_000);
    expect((await create()).status).toBe(201);
    expect((await call('POST', "EventSubscriptions('clerk-hook')/Pause", undefined, { cookie: clerk })).status).toBe(204);
    expect((await call('POST', 'CompanyService_UpdateAdminInfo', { AdminInfo: { MessageTTL: 1 } }, { cookie: clerk })).status).toBe(403);
  });

  it('Pause stops delivery; Resume hands shakes again and, in WorkMode Replay, resends what was missed; Standard drops it; Replay (only from Inactive, only with a handshake) resends on demand', async () => {
    const { call, editPartner } = await start();
    const replaying = await endpoint();
    expect((await call('POST', 'EventSubscriptions', subscription('replaying', replaying.url, { WorkMode: 'Replay' }))).status).toBe(201);
    expect(replaying.state.handshakes).toBe(1);
    await editPartner('+1 555 0100');
    await until('the first notification', () => replaying.state.events.length === 1);
    expect(replaying.state.events[0]).toMatchObject({ type: 'sap.b1.BusinessPartners.Updated.v1', data: { CardCode: expect.any(String) } });

    expect((await call('POST', "EventSubscriptions('replaying')/Pause")).status).toBe(204);
    expect((await call('GET', "EventSubscriptions('replaying')")).json).toMatchObject({ State: 'Inactive', WorkMode: 'Replay' });
    await editPartner('+1 555 0101');
    await editPartner('+1 555 0102');
    await new Promise((r) => setTimeout(r, 100));
    expect(replaying.state.events).toHaveLength(1);
    expect((await call('POST', "EventSubscriptions('replaying')/Replay")).status).toBe(204);
    await until('the two missed notifications', () => replaying.state.events.length === 3);
    expect(replaying.state.handshakes).toBe(2);
    expect((await call('GET', "EventSubscriptions('replaying')")).json).toMatchObject({ State: 'Active' });
    expect((await call('POST', "EventSubscriptions('replaying')/Replay")).status).toBe(400);

    const standard = await endpoint();
    expect((await call('POST', 'EventSubscriptions', subscription('standard', standard.url))).status).toBe(201);
    expect((await call('POST', "EventSubscriptions('standard')/Pause")).status).toBe(204);
    await editPartner('+1 555 0103');
    expect((await call('POST', "EventSubscriptions('standard')/Resume")).status).toBe(204);
    await until('the replaying hook heard the edit', () => replaying.state.events.length === 4);
    await new Promise((r) => setTimeout(r, 100));
    expect(standard.state.events).toHaveLength(0);
    // The log: the edit reached the replaying webhook, the Standard one dropped it.
    const row = ((await call('GET', "EventNotifications?$orderby=CreateTime desc&$top=1")).json!.value as Json[])[0];
    expect(row).toMatchObject({ Operation: 'Updated', Status: 'PartiallyDelivered' });
    expect((await call('POST', "EventSubscriptions('standard')/Handshake")).status).toBe(204);
    expect(standard.state.handshakes).toBe(3);

    const noHandshake = await endpoint();
    expect((await call('POST', 'EventSubscriptions', subscription('quiet', noHandshake.url, { Handshake: 'tNO' }))).status).toBe(201);
    expect((await call('POST', "EventSubscriptions('quiet')/Pause")).status).toBe(204);
    expect((await call('POST', "EventSubscriptions('quiet')/Replay")).status).toBe(400);
    expect((await call('POST', "EventSubscriptions('quiet')/Rewind")).status).toBe(404);
  });

  it('a receiver that keeps failing gets the company’s retries, the webhook goes Inactive, the log says Failed; Replay after the fix delivers and the log says Delivered', async () => {
    const { call, editPartner } = await start({ webhookRetryPolicy: 'adminInfo' }, 100);
    expect((await call('POST', 'CompanyService_UpdateAdminInfo', { AdminInfo: { WebhookRetryTimes: 2, WebhookRetryInterval: 1 } })).status).toBe(204);
    const hook = await endpoint();
    expect((await call('POST', 'EventSubscriptions', subscription('flaky', hook.url))).status).toBe(201);
    hook.state.failing = true;
    await editPartner('+1 555 0200');
    await until('the webhook gave up', async () => (await call('GET', "EventSubscriptions('flaky')")).json?.State === 'Inactive');
    const log = async () => ((await call('GET', "EventNotifications?$filter=BusinessObject eq 'BusinessPartners' and Operation eq 'Updated'&$orderby=CreateTime desc")).json!.value as Json[]);
    const [failed] = await log();
    expect(failed).toMatchObject({ EventID: expect.any(String), SourceDB: 'SBODEMOUS', BusinessObject: 'BusinessPartners', Operation: 'Updated', Status: 'Failed', FieldNames: 'CardCode', CreateDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT00:00:00Z$/), CreateTime: expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3}$/) });
    const attempts = (await (await fetch(`${(sb!.line as unknown as Line).admin}/webhooks/deliveries`)).json()) as { webhookId: string }[];
    expect(attempts.filter((d) => d.webhookId === 'flaky')).toHaveLength(3);
    hook.state.failing = false;
    expect((await call('POST', "EventSubscriptions('flaky')/Replay")).status).toBe(204);
    await until('the replayed event', () => hook.state.events.length === 1);
    expect(hook.state.events[0]!.id).toBe(failed!.EventID);
    await until('the log says Delivered', async () => (await log())[0]?.Status === 'Delivered');
    expect((await call('POST', 'EventNotifications', {})).status).toBe(405);
  });

  it('OAuth: the Messenger gets a client_credentials token from the token endpoint and sends it as a Bearer token on the handshake and notifications', async () => {
    const { call, editPartner } = await start();
    const hook = await endpoint({ clientId: 'b1-messenger', clientSecret: 's3cret' });
    const cred = (secret: string) => JSON.stringify({ token_endpoint: hook.url.replace('/hook', '/token'), client_id: 'b1-messenger', client_secret: secret, grant_type: 'client_credentials' });
    expect((await call('POST', 'EventSubscriptions', subscription('oauth-bad', `${hook.url}?bad`, { AuthenticationType: 'OAuth', AuthenticationCred: cred('wrong') }))).status).toBe(400);
    expect((await call('POST', 'EventSubscriptions', subscription('oauth', hook.url, { AuthenticationType: 'OAuth', AuthenticationCred: cred('s3cret') }))).status).toBe(201);
    expect(hook.state.handshakes).toBe(1);
    await editPartner('+1 555 0300');
    await editPartner('+1 555 0301');
    await until('two notifications', () => hook.state.events.length === 2);
    expect(hook.state.tokensIssued).toBe(1);
    expect((await call('POST', 'EventSubscriptions', subscription('oauth-incomplete', `${hook.url}?x`, { AuthenticationType: 'OAuth', AuthenticationCred: JSON.stringify({ client_id: 'x' }) }))).status).toBe(400);
  });

  it('PATCH adds events to the collection, replaces it with B1S-ReplaceCollectionsOnPatch: true, and refuses events the catalog lacks', async () => {
    const { call } = await start();
    const hook = await endpoint();
    expect((await call('POST', 'EventSubscriptions', subscription('patched', hook.url))).status).toBe(201);
    const invoices = { BusinessObject: 'Invoices', TransactionType: 'Created' };
    expect((await call('PATCH', "EventSubscriptions('patched')", { EventCollection: [invoices] })).status).toBe(204);
    expect((await call('GET', "EventSubscriptions('patched')")).json!.EventCollection).toEqual([{ BusinessObject: 'BusinessPartners', TransactionType: 'Updated' }, invoices]);
    // What the PATCH left out keeps its value (no defaults fill it in).
    expect((await call('PATCH', "EventSubscriptions('patched')", { WorkMode: 'Replay' })).status).toBe(204);
    expect((await call('GET', "EventSubscriptions('patched')")).json).toMatchObject({ AuthenticationType: 'None', Handshake: 'tYES', State: 'Active', WorkMode: 'Replay' });
    expect((await call('PATCH', "EventSubscriptions('patched')", { EventCollection: [invoices] }, { headers: { 'B1S-ReplaceCollectionsOnPatch': 'true' } })).status).toBe(204);
    expect((await call('GET', "EventSubscriptions('patched')")).json!.EventCollection).toEqual([invoices]);
    expect((await call('PATCH', "EventSubscriptions('patched')", { EventCollection: [{ BusinessObject: 'Invoices', TransactionType: 'Exploded' }] })).status).toBe(400);
    expect((await call('GET', "EventSubscriptions('patched')")).json!.EventCollection).toEqual([invoices]);
  });
});
