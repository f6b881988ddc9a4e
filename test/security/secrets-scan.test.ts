// Secrets scan: after a demo run with failures (HubSpot refusals, a wrong token, wrong Sage 300, SAP B1
// and Intacct passwords, a wrong Sage 100 agent key, a failed connection test) and a replay, no secret —
// the Sage 300 and SAP B1 passwords, SAP's B1SESSION cookies, the Intacct sender and user passwords and
// session ids (sent inside XML bodies), the Sage 100 agent key and service-account password, the HubSpot
// token, the webhook secrets (HubSpot's client secret, SAP's webhook HMAC key, Zoho's notification token —
// with deliveries signed right and wrong reaching the service), every other secret a connection stores, the
// API token of the service's HTTP server, the alerts' SMTP password and webhook URL, the wrong ones an admin
// typed, nor the encryption key — appears in any
// encoding in the data folder (SQLite store, WAL, logs; the Sage 100 agent's own request log lives there
// too), the audit payloads, `ml-connector export` output (without --with-secrets), error messages the
// service returned, or the stdout/stderr of the service and the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectDemoWebhooks, startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { startHttpServer, type RunningHttpServer } from '../../main/http/server.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { until } from '../support/until.ts';
import { hubspotAdmin, hubspotSandboxOf } from '../support/sandboxes.ts';
import type { ZohoSandbox } from '../../connectors/zoho/sandbox/index.ts';

const CLI = join(import.meta.dirname, '..', '..', 'scripts', 'ml-connector.mjs');
const KEY = randomBytes(32);
const WRONG_TOKEN = `pat-na1-${randomBytes(12).toString('hex')}`;
const WRONG_PASSWORD = `Wr0ng-${randomBytes(6).toString('hex')}!`;
const WRONG_AGENT_KEY = `agk_${randomBytes(16).toString('hex')}`;
const WRONG_ZOHO_REFRESH = `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
const SMTP_PASSWORD = `smtp-${randomBytes(8).toString('hex')}`;
const WEBHOOK_TOKEN = randomBytes(12).toString('hex');

/** Every way a secret could have been written down: as is, JSON-escaped, URL-encoded, base64 (alone and in Basic auth), hex. */
function encodings(name: string, value: string | Buffer, user?: string): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = [];
  if (Buffer.isBuffer(value)) {
    out.push({ name: `${name} (raw bytes)`, bytes: value }, { name: `${name} (hex)`, bytes: Buffer.from(value.toString('hex')) }, { name: `${name} (HEX)`, bytes: Buffer.from(value.toString('hex').toUpperCase()) }, { name: `${name} (base64)`, bytes: Buffer.from(value.toString('base64')) }, { name: `${name} (base64url)`, bytes: Buffer.from(value.toString('base64url')) });
    return out;
  }
  const variants = new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value), Buffer.from(value).toString('base64'), Buffer.from(value).toString('hex')]);
  if (user) for (const u of [user, user.toUpperCase()]) variants.add(Buffer.from(`${u}:${value}`).toString('base64'));
  for (const v of variants) out.push({ name: `${name} as ${JSON.stringify(v.slice(0, 12))}…`, bytes: Buffer.from(v) });
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

function cli(dataDir: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ML_CONNECTOR_KEY: KEY.toString('hex') } });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('secrets scan', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let http: RunningHttpServer | undefined;
  /** Deliveries each webhook address accepted (200) and refused, by system. */
  const webhookAnswers: Record<string, number[]> = {};
  /** Systems whose genuine deliveries started runs. */
  const webhookRunSources = new Set<string>();
  let secrets: { name: string; bytes: Buffer }[];
  let sessionIds: string[] = [];
  let storedSecretNames: string[] = [];
  const captured: string[] = [];
  const serviceMessages: string[] = [];
  const cliOutputs: { args: string; out: string }[] = [];
  const savedKey = process.env.ML_CONNECTOR_KEY;
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

  const scan = (what: string, data: Buffer | string) => {
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
    return secrets.filter((s) => buf.includes(s.bytes)).map((s) => `${s.name} in ${what}`);
  };

  beforeAll(async () => {
    tmp = makeTempDir('mlc-secrets-');
    process.env.ML_CONNECTOR_KEY = KEY.toString('hex'); // the key lives outside the data folder, as a service keeps it
    // Everything this process prints while the service works is captured (and still printed).
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (captured.push(String(chunk)), writes.out(chunk, ...(rest as [])))) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (captured.push(String(chunk)), writes.err(chunk, ...(rest as [])))) as typeof process.stderr.write;

    env = await startDemoEnvironment({
      systems: ['sage300', 'hubspot', 'sapb1', 'sage100', 'zoho', 'intacct'], dataDir: tmp.dir, teachingFailures: true,
      sage300: { records: 60, seed: 21 }, sapb1: { records: 30, seed: 4 }, zoho: { records: 8 }, intacct: { records: 15, seed: 6 },
      // The agent's data folder (its request log, certificate and configuration) inside the scanned folder.
      sage100: { records: 30, seed: 4, switches: { dataDir: join(tmp.dir, 'sage100-agent') } },
    });
    const sageLine = env.sandboxes.sage300!.line as unknown as { user: string; password: string };
    const sapLine = env.sandboxes.sapb1!.line as unknown as { user: string; password: string; admin: string };
    const agentLine = env.sandboxes.sage100!.line as unknown as { user: string; password: string; apiKey: string };
    const intacctLine = env.sandboxes.intacct!.line as unknown as { senderPassword: string; userPassword: string; admin: string };
    const connectionOf = (system: 'sapb1' | 'sage100' | 'intacct') => env.connections[system]!;
    const zoho = env.sandboxes.zoho as ZohoSandbox;
    secrets = [
      ...encodings('Zoho refresh token', zoho.refreshToken),
      ...encodings('Zoho client secret', zoho.clientSecret),
      ...encodings('wrong Zoho refresh token', WRONG_ZOHO_REFRESH),
      ...encodings('Sage 300 password', sageLine.password, sageLine.user),
      ...encodings('SAP B1 password', sapLine.password, sapLine.user),
      ...encodings('Sage 100 agent key', agentLine.apiKey),
      ...encodings('Sage 100 service-account password', agentLine.password, agentLine.user),
      ...encodings('wrong Sage 100 agent key', WRONG_AGENT_KEY),
      ...encodings('Intacct sender password', intacctLine.senderPassword),
      ...encodings('Intacct user password', intacctLine.userPassword),
      ...encodings('HubSpot token', hubspotSandboxOf(env).token),
      ...encodings('wrong HubSpot token', WRONG_TOKEN),
      ...encodings('wrong Sage 300 password', WRONG_PASSWORD, sageLine.user),
      ...encodings('encryption key', KEY),
      ...encodings('alerts SMTP password', SMTP_PASSWORD),
      ...encodings('alerts webhook URL token', WEBHOOK_TOKEN),
    ];
    // The service's HTTP server with the sandboxes' webhooks pointed at it, as the demo wires them: the
    // connections gain HubSpot's client secret, SAP's webhook key and Zoho's notification token.
    http = await startHttpServer(env.service, { rendererDir: join(tmp.dir, 'no-ui'), webhooks: env.service.webhooks });
    await connectDemoWebhooks(env, http.port);
    secrets.push(...encodings('HTTP API token', http.token));
    const { impl } = env.service;
    const keep = (m: string | undefined | null) => m && serviceMessages.push(m);
    // 0. Alert delivery's secrets (sealed in app_secrets); what Settings shows of them and of the settings.
    await impl['settings:setAlertSecret']({ name: 'smtpPassword', value: SMTP_PASSWORD });
    keep(JSON.stringify(await impl['settings:setAlertSecret']({ name: 'webhookUrl', value: `http://127.0.0.1:9/services/T0/B0/${WEBHOOK_TOKEN}` })));
    keep(JSON.stringify(await impl['settings:get'](undefined)));
    keep(JSON.stringify(await impl['settings:alertSecrets'](undefined)));

    // 1. A full sync: two contacts refused by HubSpot (invalid email; email already taken).
    for (const r of await env.service.engine.runNow(undefined)) keep(r.error?.message);
    // 2. A wrong HubSpot token and a wrong Sage 300 password: runs fail with auth errors; then a failed connection test.
    await impl['connections:update']({ id: env.crm.id, patch: { secrets: { accessToken: WRONG_TOKEN } } });
    await impl['connections:update']({ id: env.erp.id, patch: { secrets: { password: WRONG_PASSWORD } } });
    await impl['connections:update']({ id: connectionOf('sapb1').id, patch: { secrets: { password: WRONG_PASSWORD } } });
    await impl['connections:update']({ id: connectionOf('sage100').id, patch: { secrets: { apiKey: WRONG_AGENT_KEY } } });
    await impl['connections:update']({ id: connectionOf('intacct').id, patch: { secrets: { userPassword: WRONG_PASSWORD } } });
    for (const r of await env.service.engine.runNow(undefined, { full: true })) keep(r.error?.message);
    for (const id of [env.erp.id, connectionOf('sapb1').id, connectionOf('sage100').id, connectionOf('intacct').id]) keep(JSON.stringify(await impl['connections:test']({ id })));
    const draft = await impl['connections:test']({ draft: { system: 'hubspot', name: 'Draft HubSpot', settings: { baseUrl: hubspotSandboxOf(env).url }, secrets: { accessToken: WRONG_TOKEN } } });
    keep(JSON.stringify(draft));
    // Zoho: a refresh token Zoho refuses, in a connection test and in runs that must get a new access token.
    const zohoConn = env.connections.zoho!;
    keep(JSON.stringify(await impl['connections:test']({ draft: { system: 'zoho', name: 'Draft Zoho', settings: zohoConn.settings, secrets: { clientSecret: zoho.clientSecret, refreshToken: WRONG_ZOHO_REFRESH } } })));
    zoho.core.accounts.expireAll();
    await impl['connections:update']({ id: zohoConn.id, patch: { secrets: { refreshToken: WRONG_ZOHO_REFRESH } } });
    for (const r of await env.service.engine.runNow(undefined)) keep(r.error?.message);
    await impl['connections:update']({ id: zohoConn.id, patch: { secrets: { refreshToken: zoho.refreshToken } } });
    for (const r of await env.service.engine.runNow(undefined)) keep(r.error?.message);
    await impl['connections:update']({ id: env.crm.id, patch: { secrets: { accessToken: hubspotSandboxOf(env).token } } });
    await impl['connections:update']({ id: env.erp.id, patch: { secrets: { password: sageLine.password } } });
    await impl['connections:update']({ id: connectionOf('sapb1').id, patch: { secrets: { password: sapLine.password } } });
    await impl['connections:update']({ id: connectionOf('sage100').id, patch: { secrets: { apiKey: agentLine.apiKey } } });
    await impl['connections:update']({ id: connectionOf('intacct').id, patch: { secrets: { userPassword: intacctLine.userPassword } } });
    for (const r of await env.service.engine.runNow(undefined)) keep(r.error?.message);
    // 3. Fix the email conflict in HubSpot and replay every failure.
    const failed = await impl['audit:query']({ actions: ['failed'], unresolvedOnly: true, limit: 100 });
    for (const e of failed.events) keep(e.error?.message);
    const conflict = failed.events.find((e) => /already exists/i.test(e.error?.message ?? ''));
    if (conflict) {
      const detail = await impl['audit:get']({ id: conflict.id });
      const email = String((detail.mappedPayload as { properties: { email: string } }).properties.email);
      const hub = hubspotAdmin(hubspotSandboxOf(env).url);
      const owner = (await hub.records('contacts')).find((c) => c.properties.email === email && !c.properties.ml_sage300_contact_key);
      if (owner) await hub.edit('contacts', owner.id, { email: `old-${email}` });
    }
    const replay = await impl['audit:replay']({ failedIn: {} });
    for (const r of replay.results) keep(JSON.stringify(r));
    // 4. Webhooks: an edit in each system that sends them (delivered signed, or with the channel token), and
    // deliveries with a forged signature or token; every answer is kept, the refusals are logged.
    const hook = (system: 'hubspot' | 'sapb1' | 'zoho') => `http://127.0.0.1:${http!.port}/webhooks/${system}/${env.connections[system]!.id}`;
    const hub = hubspotAdmin(hubspotSandboxOf(env).url);
    const company = (await hub.records('companies'))[0]!;
    await hub.edit('companies', company.id, { phone: '555-0101' });
    const partner = ((await (await fetch(`${sapLine.admin}/records/BusinessPartners?limit=1`)).json()) as { results: { CardCode: string }[] }).results[0]!;
    await fetch(`${sapLine.admin}/records/BusinessPartners/${partner.CardCode}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ changes: { Phone1: '555-0102' } }) });
    const account = ((await (await fetch(`${(zoho.line as { admin: string }).admin}/records/Accounts?limit=1`)).json()) as { results: { id: string }[] }).results[0]!;
    await fetch(`${(zoho.line as { admin: string }).admin}/records/Accounts/${account.id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ changes: { Phone: '555-0103' } }) });
    const forged: Record<'hubspot' | 'sapb1' | 'zoho', { headers: Record<string, string>; body: string }> = {
      hubspot: { headers: { 'X-HubSpot-Signature-v3': Buffer.from('forged').toString('base64'), 'X-HubSpot-Request-Timestamp': String(Date.now()) }, body: JSON.stringify([{ subscriptionType: 'company.propertyChange', objectId: Number(company.id) }]) },
      sapb1: { headers: { 'X-B1-Webhook-Signature': 'ab'.repeat(32) }, body: JSON.stringify({ Events: [] }) },
      zoho: { headers: {}, body: JSON.stringify({ channel_id: '1', token: WRONG_ZOHO_REFRESH, module: 'Accounts', ids: [account.id], operation: 'update' }) },
    };
    for (const [system, f] of Object.entries(forged) as ['hubspot' | 'sapb1' | 'zoho', { headers: Record<string, string>; body: string }][]) {
      const res = await fetch(hook(system), { method: 'POST', headers: { 'Content-Type': 'application/json', ...f.headers }, body: f.body });
      (webhookAnswers[system] ??= []).push(res.status);
      keep(await res.text());
    }
    // The genuine deliveries (HubSpot batches every 500 ms, SAP's Messenger every 300 ms) and the runs they
    // start: until a run each system's deliveries started has finished.
    const sourceSystem = new Map(env.flows.map((f) => [f.id, Object.entries(env.connections).find(([, c]) => c?.id === f.sourceConnectionId)?.[0]]));
    await until('a finished run started by the webhook deliveries of HubSpot, SAP B1 and Zoho each', async () => {
      const finished = (await impl['runs:list']({ limit: 500 })).filter((r) => r.trigger === 'webhook' && r.finishedAt);
      const systems = new Set(finished.map((r) => sourceSystem.get(r.flowId)));
      return ['hubspot', 'sapb1', 'zoho'].every((s) => systems.has(s));
    }, 60_000);
    for (const r of await env.service.engine.runNow(undefined)) keep(r.error?.message);
    for (const r of await impl['runs:list']({ limit: 500 })) if (r.trigger === 'webhook') webhookRunSources.add(String(sourceSystem.get(r.flowId)));
    for (const a of await impl['settings:alerts']({ includeDismissed: true })) keep(`${a.message} ${a.hint ?? ''}`);
    for (const r of await impl['runs:list']({ limit: 100 })) keep(r.error?.message);
    // Errors thrown by the service (what the UI shows as a toast).
    for (const bad of [() => impl['audit:get']({ id: 99_999_999 }), () => impl['connections:test']({ draft: { system: 'sage300', name: 'Draft Sage 300', settings: { url: 'http://127.0.0.1:9/Sage300WebApi/v1.0/-/SAMINC', user: 'WEBAPI' }, secrets: { password: WRONG_PASSWORD } } })]) {
      try {
        keep(JSON.stringify(await bad()));
      } catch (e) {
        keep(`${(e as Error).message} ${(e as { hint?: string }).hint ?? ''}`);
      }
    }
    // Every B1SESSION the SAP sandbox handed out (each login, logged out or not), and the cookie names.
    const issued = (await (await fetch(`${sapLine.admin}/sessions/issued`)).json()) as { ids: string[] };
    sessionIds = issued.ids;
    for (const id of issued.ids) secrets.push(...encodings('a B1SESSION value', id));
    secrets.push({ name: 'a B1SESSION cookie', bytes: Buffer.from('B1SESSION=') }, { name: 'a ROUTEID cookie', bytes: Buffer.from('ROUTEID=') });
    // Every Intacct session id (getAPISession's, and the one each login-authenticated request gets).
    const intacctSessions = ((await (await fetch(`${intacctLine.admin}/sessions/issued`)).json()) as { ids: string[] }).ids;
    expect(intacctSessions.length).toBeGreaterThan(0);
    for (const id of intacctSessions) secrets.push(...encodings('an Intacct session id', id));
    // Every access token the Zoho sandbox handed out and still honours (older ones it has forgotten).
    for (const t of zoho.core.accounts.accessTokens.keys()) secrets.push(...encodings('Zoho access token', t));
    expect(zoho.core.accounts.accessTokens.size).toBeGreaterThan(0);
    await http.close();
    await env.service.close(); // flushes the log and closes the store; the CLI children own the folder now

    // Every secret a connection stores (whatever its kind, the webhook secrets among them) is looked for too.
    const stored = JSON.parse((await cli(tmp.dir, ['export', '--with-secrets'])).out.replace(/^ml-connector: .*\n/m, '')) as { connections: { system: string; secrets?: Record<string, unknown> }[] };
    storedSecretNames = stored.connections.flatMap((c) => Object.entries(c.secrets ?? {}).filter(([, v]) => typeof v === 'string' && v.length >= 8).map(([k, v]) => (secrets.push(...encodings(`stored ${c.system} ${k}`, v as string)), `${c.system}.${k}`)));

    for (const args of [['export'], ['status', '--json'], ['audit', '--json', '--limit', '500'], ['audit', '--status', 'failed', '--json'], ['sync'], ['replay', '--failed']]) {
      const r = await cli(tmp.dir, args);
      cliOutputs.push({ args: args.join(' '), out: r.out });
    }
  }, 180_000);

  afterAll(async () => {
    process.stdout.write = writes.out as typeof process.stdout.write;
    process.stderr.write = writes.err as typeof process.stderr.write;
    if (savedKey === undefined) delete process.env.ML_CONNECTOR_KEY;
    else process.env.ML_CONNECTOR_KEY = savedKey;
    await http?.close();
    await env?.close();
    tmp?.cleanup();
  });

  it('the run really had failures, a replay and an export', () => {
    expect(serviceMessages.some((m) => /invalid/i.test(m))).toBe(true);
    expect(serviceMessages.some((m) => /SAP Business One|100000027|Login failed/i.test(m))).toBe(true);
    expect(serviceMessages.some((m) => /agent key|X-Agent-Key|auth\.invalid/i.test(m))).toBe(true);
    expect(serviceMessages.some((m) => /Intacct refused the sign-in/i.test(m))).toBe(true);
    expect(sessionIds.length).toBeGreaterThan(1); // SAP B1 sessions were opened (and the scan looks for them)
    expect(readdirSync(join(tmp.dir, 'sage100-agent'), { recursive: true }).map(String).some((f) => f.endsWith('agent-requests.log'))).toBe(true);
    expect(serviceMessages.some((m) => /Zoho refused the refresh token|refresh token/i.test(m))).toBe(true);
    expect(serviceMessages.some((m) => /token|401|rejected|unauthori/i.test(m))).toBe(true);
    expect(cliOutputs.find((c) => c.args === 'export')!.out).toContain('"connections"');
    // The webhook secrets are stored, and the forged deliveries were refused.
    for (const name of ['hubspot.clientSecret', 'sapb1.webhookKey', 'zoho.notificationToken', 'zoho.refreshToken', 'intacct.senderPassword', 'sage300.password', 'sage100.apiKey']) expect(storedSecretNames).toContain(name);
    expect([...webhookRunSources].sort()).toEqual(expect.arrayContaining(['hubspot', 'sapb1', 'zoho']));
    expect(webhookAnswers.hubspot!.every((s) => s === 401)).toBe(true);
    expect(webhookAnswers.sapb1!.every((s) => s === 401)).toBe(true);
    expect(webhookAnswers.zoho!.every((s) => s >= 400)).toBe(true);
  });

  it('no secret in any file of the data folder (store, WAL, logs)', () => {
    const files = filesUnder(tmp.dir);
    expect(files.some((f) => f.endsWith('.db'))).toBe(true);
    expect(files.some((f) => f.includes('logs'))).toBe(true);
    expect(existsSync(join(tmp.dir, 'secret.key'))).toBe(false); // the key came from ML_CONNECTOR_KEY
    expect(files.flatMap((f) => scan(f.slice(tmp.dir.length), readFileSync(f)))).toEqual([]);
  });

  it('no secret in audit payloads or error messages the service returned', () => {
    expect(serviceMessages.length).toBeGreaterThan(3);
    expect(serviceMessages.flatMap((m) => scan('a service message', m))).toEqual([]);
  });

  it('no secret in export (without --with-secrets), audit/status output or any CLI stdout/stderr', () => {
    expect(cliOutputs.flatMap((c) => scan(`ml-connector ${c.args}`, c.out))).toEqual([]);
  });

  it('no secret in what this process printed while the service ran', () => {
    expect(scan('captured stdout/stderr', captured.join(''))).toEqual([]);
  });

  it('the scan finds a secret where there is one (export --with-secrets, a planted file)', async () => {
    const withSecrets = await cli(tmp.dir, ['export', '--with-secrets']);
    const found = scan('export --with-secrets', withSecrets.out);
    for (const name of ['HubSpot token', 'Sage 300 password', 'SAP B1 password', 'Sage 100 agent key', 'Sage 100 service-account password', 'Intacct sender password', 'Intacct user password', 'Zoho refresh token', 'Zoho client secret', 'stored hubspot clientSecret', 'stored sapb1 webhookKey', 'stored zoho notificationToken']) expect(found.some((s) => s.startsWith(name)), name).toBe(true);
    const planted = join(tmp.dir, 'planted.txt');
    writeFileSync(planted, `x${KEY.toString('base64')}x`);
    expect(scan('planted', readFileSync(planted)).length).toBeGreaterThan(0);
  }, 60_000);
});
