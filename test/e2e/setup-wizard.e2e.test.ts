// The setup wizard against the real service and the connectors' sandboxes: all five integrations
// listed (the unbuilt ones as coming), inline validation, Test connection failing on a wrong password
// with Sage 300's own hints and passing with the right one, a self-signed server trusted by its
// fingerprint, then flows created paused, dry-run (cost shown first; no write to either system) and
// started: their first runs write. Secrets never come back to the browser.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../connectors/kit/sandbox/types.ts';
import { startSandbox as startSage300InProcess } from '../../connectors/sage300/sandbox/index.ts';
import { apiCall, openBrowser, saveScreenshot, startSandbox, startServe, type BrowserSession, type Started, type Workspace } from './harness.ts';
import { hubspotAdmin, sageApi, sageWriteRequests, writeRequests, type SageLine } from '../support/sandboxes.ts';

const passwordField = /^Password\s*\*?$/;

describe('setup wizard', () => {
  let ws: Workspace;
  let sage: Started;
  let hubspot: Started;
  let browser: BrowserSession;
  const apiBodies: string[] = [];

  beforeAll(async () => {
    [ws, sage, hubspot] = await Promise.all([startServe(), startSandbox('sage300'), startSandbox('hubspot')]);
    browser = await openBrowser();
    browser.page.on('response', (r) => {
      if (r.url().includes('/api/') && !r.url().endsWith('/api/events')) void r.text().then((t) => apiBodies.push(t), () => undefined);
    });
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await saveScreenshot(browser.page, `FAILED-${task.name.slice(0, 40)}`);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([ws?.close(), sage?.stop(), hubspot?.stop()]);
  });

  it('connects Sage 300 and HubSpot, diagnosing a wrong password, and creates the flows', async () => {
    const { page } = browser;
    await page.goto(ws.url);
    await page.getByRole('link', { name: 'Set up an integration' }).first().click();

    // All five integrations, any unbuilt ones shown as coming and not selectable (none is, today).
    for (const name of [/Sage 300 ↔ HubSpot/, /Sage 100 → HubSpot/, /Sage Intacct ↔ HubSpot/, /SAP Business One → HubSpot/, /Sage 300 ↔ Zoho CRM/]) {
      await page.getByRole('radio', { name }).waitFor();
    }
    const templates = await apiCall<{ label: string; available: boolean }[]>(ws, 'flows:templates');
    const coming = templates.filter((t) => !t.available);
    expect(await page.getByRole('radio', { name: /\(coming\)/ }).count()).toBe(coming.length);
    for (const t of coming) await expect(page.getByRole('radio', { name: `${t.label} (coming)` }).isDisabled()).resolves.toBe(true);
    // The integrations that can be set up come first.
    const comingFlags = (await page.getByRole('radio').evaluateAll((radios) => radios.map((r) => (r.getAttribute('aria-label') ?? '').endsWith('(coming)')))) as boolean[];
    if (coming.length) {
      expect(comingFlags.indexOf(true)).toBeGreaterThan(0);
      expect(comingFlags.slice(comingFlags.indexOf(true)).every(Boolean)).toBe(true);
    } else expect(comingFlags.every((c) => !c)).toBe(true);
    await page.getByRole('radio', { name: /Sage 300 ↔ HubSpot/ }).click();
    await page.getByRole('button', { name: 'Next' }).click();

    // Inline validation before anything is sent.
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Web API address is required').waitFor();
    await page.getByText('Password is required').waitFor();
    await page.getByRole('textbox', { name: 'Web API address' }).fill('erp.example.com');
    await page.getByRole('textbox', { name: 'User ID' }).click();
    await page.getByText('Enter a full address starting with https:// (or http://)').waitFor();

    // Wrong password: the specific diagnosis with Sage 300's own hints.
    await page.getByRole('textbox', { name: 'Web API address' }).fill(String(sage.info['url']));
    await page.getByRole('textbox', { name: 'User ID' }).fill('webapi');
    await page.getByLabel(passwordField).fill('not-the-password');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const failure = page.getByRole('alert').filter({ hasText: 'Connection test failed' });
    await failure.waitFor({ timeout: 60_000 });
    await failure.getByText(/answered 401/).waitFor();
    await failure.getByText(/user ID must be upper-case/).waitFor();
    await failure.getByText(/security group with the "Sage 300 Web API" right/).waitFor();
    await failure.getByText('AUTH_REJECTED').waitFor();
    await saveScreenshot(page, 'wizard-test-connection-failed');

    // The right password passes.
    await page.getByLabel(passwordField).fill(String(sage.info['password']));
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('status').filter({ hasText: 'Connection works' }).waitFor({ timeout: 60_000 });
    await page.getByText(/Connected to SAMINC as WEBAPI/).waitFor();
    await saveScreenshot(page, 'wizard-test-connection-passed');
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // HubSpot: the API address is an advanced setting (its default is the real HubSpot).
    await page.getByRole('button', { name: /Advanced settings/ }).click();
    await page.getByRole('textbox', { name: 'API address' }).fill(String(hubspot.info['url']));
    await page.getByLabel(/^Private app access token/).fill(String(hubspot.info['token']));
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('status').filter({ hasText: 'Connection works' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // Flows and schedules: change one schedule.
    await page.getByRole('checkbox', { name: 'Customers → Companies' }).waitFor();
    await page.getByRole('textbox', { name: 'Customers → Companies: minutes between runs' }).fill('5');
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // Review and create.
    const summary = page.getByRole('table', { name: 'Summary' });
    await summary.getByText('Customers → Companies — Every 5 min').waitFor();
    await expect(summary.getByText('test passed').count()).resolves.toBe(2);
    const hubAdmin = hubspotAdmin(String(hubspot.info['url']));
    const sageAdmin = sageApi(sage.info as unknown as SageLine);
    await hubAdmin.resetCounters();
    const sageWritesBefore = sageWriteRequests(await sageAdmin.requests());
    await page.getByRole('button', { name: 'Create integration' }).click();

    // Created paused: each flow's dry run, its cost shown first, writes nothing to either system.
    await page.getByRole('status').filter({ hasText: 'Created, paused' }).waitFor({ timeout: 60_000 });
    const customersDry = page.getByRole('region', { name: 'Dry run of Customers → Companies' });
    const customerCount = (await sageAdmin.all('AR/ARCustomers?$select=CustomerNumber')).length;
    await customersDry
      .getByLabel('Dry run cost')
      .getByText(new RegExp(`^About \\d+ calls: \\d+ to Sage 300, \\d+ to HubSpot \\(of [\\d,]+ left today\\), for ${customerCount.toLocaleString('en-US')} records \\(counted just now`))
      .waitFor({ timeout: 60_000 });
    await page.getByLabel('Cost of all dry runs').getByText(/^All \d+ dry runs: about [\d,]+ calls: [\d,]+ to Sage 300, [\d,]+ to HubSpot \(of [\d,]+ left today\)\.$/).waitFor({ timeout: 60_000 });
    await saveScreenshot(page, 'wizard-dry-run-cost');
    await page.getByRole('button', { name: 'Dry run all' }).click();
    await customersDry.getByLabel('Dry run summary').getByText(/^would create \d+$/).waitFor({ timeout: 90_000 });
    const flowCount = await page.getByRole('region', { name: /^Dry run of / }).count();
    await expect.poll(() => page.getByRole('region', { name: /^Dry run of / }).getByLabel('Dry run summary').count(), { timeout: 90_000 }).toBe(flowCount);
    const wouldCreate = Number((await customersDry.getByLabel('Dry run summary').getByText(/^would create/).textContent())!.replace(/\D/g, ''));
    expect(wouldCreate).toBeGreaterThan(0);
    await customersDry.getByRole('table', { name: 'Dry run records' }).getByText('would create').first().waitFor();
    await saveScreenshot(page, 'wizard-dry-run');
    expect(writeRequests((await hubAdmin.counters()).byEndpoint)).toBe(0);
    expect(sageWriteRequests(await sageAdmin.requests())).toBe(sageWritesBefore);
    expect(await hubAdmin.records('companies')).toHaveLength(0);
    const paused = await apiCall<{ template: string | null; enabled: boolean }[]>(ws, 'flows:list');
    expect(paused.length).toBe(flowCount);
    expect(paused.every((f) => !f.enabled)).toBe(true);

    // Start syncing: the flows resume and their first runs write what the dry run said.
    await page.getByRole('button', { name: 'Start syncing' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Syncing started' });
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toMatch(/\d+ flows created: Customers → Companies, .*\. The first run is under way/);
    await page.getByRole('link', { name: 'Go to the dashboard' }).click();

    // The dashboard lists every flow and their first runs finish.
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const customers = page.getByRole('article', { name: 'Flow Customers → Companies' });
    await customers.getByText('succeeded').waitFor({ timeout: 90_000 });
    await customers.getByText('Every 5 min').waitFor();
    await saveScreenshot(page, 'wizard-first-sync');
    expect(await hubAdmin.records('companies')).toHaveLength(wouldCreate);
    expect((await apiCall<{ enabled: boolean }[]>(ws, 'flows:list')).every((f) => f.enabled)).toBe(true);

    // Connections: secrets are stored, and no answer of the API ever carried them.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
    await page.getByText('Password: stored').waitFor();
    await page.getByText('Private app access token: stored').waitFor();
    // The wizard's passing tests were of exactly what it saved: they are each connection's last test.
    const table = page.getByRole('table', { name: 'Connections' });
    await expect(table.getByText('passed', { exact: true }).count()).resolves.toBe(2);
    await expect(table.getByText('never', { exact: true }).count()).resolves.toBe(0);
    await saveScreenshot(page, 'wizard-connections');
    const leaked = apiBodies.filter((b) => b.includes(String(sage.info['password'])) || b.includes(String(hubspot.info['token'])));
    expect(leaked).toEqual([]);
    expect(browser.errors).toEqual([]);
  });

  it('trusts a self-signed Sage 300 server by its fingerprint', async () => {
    const tlsSage: RunningSandbox = await startSage300InProcess({ port: 0, tls: true });
    try {
      const { page } = browser;
      await page.goto(`${ws.url.split('#')[0]}#/setup`);
      await page.getByRole('radio', { name: /Sage 300 ↔ HubSpot/ }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      // A saved Sage 300 connection exists now: choose a new one.
      await page.getByText('New connection').click();
      await page.getByRole('textbox', { name: 'Connection name' }).fill('Sage 300 (TLS)');
      await page.getByRole('textbox', { name: 'Web API address' }).fill(tlsSage.url);
      await page.getByRole('textbox', { name: 'User ID' }).fill('WEBAPI');
      await page.getByLabel(passwordField).fill(String(tlsSage.line['password']));
      await page.getByRole('button', { name: 'Test connection' }).click();
      const failure = page.getByRole('alert').filter({ hasText: 'Connection test failed' });
      await failure.getByText('TLS_UNTRUSTED').waitFor({ timeout: 60_000 });
      const shown = await failure.getByLabel('Certificate fingerprint').textContent();
      expect(shown?.trim()).toBe(String(tlsSage.line['fingerprint256']));
      await saveScreenshot(page, 'wizard-untrusted-certificate');
      await failure.getByRole('button', { name: 'Trust this certificate' }).click();
      await page.getByRole('status').filter({ hasText: 'Connection works' }).waitFor({ timeout: 60_000 });
      await page.getByText(`Trusted certificate (SHA-256): ${String(tlsSage.line['fingerprint256'])}`).waitFor();
      expect(browser.errors).toEqual([]);
    } finally {
      await tlsSage.close();
    }
  });

  it('a second Sage 300 company into the same HubSpot asks for a key prefix, so the companies never merge', async () => {
    const { page } = browser;
    // A fresh wizard (the previous test left one open on its second step).
    await page.goto(`${ws.url.split('#')[0]}#/connections`);
    await page.getByRole('link', { name: 'Set up an integration' }).first().click();
    await page.getByRole('radio', { name: /Sage 300 ↔ HubSpot/ }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('New connection').click();
    await page.getByRole('textbox', { name: 'Connection name' }).fill('Sage 300 second company');
    await page.getByRole('textbox', { name: 'Web API address' }).fill(String(sage.info['url']));
    await page.getByRole('textbox', { name: 'User ID' }).fill('WEBAPI');
    await page.getByLabel(passwordField).fill(String(sage.info['password']));
    await page.getByRole('button', { name: 'Next without a passing test' }).click();
    // The HubSpot connection saved by the first test.
    await page.getByRole('button', { name: /^Next/ }).click();
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    const ask = page.getByRole('alert').filter({ hasText: 'This CRM already receives another company' });
    await ask.waitFor();
    const create = page.getByRole('button', { name: 'Create integration' });
    await expect(create.isDisabled()).resolves.toBe(true);
    await ask.getByRole('textbox', { name: /Key prefix for this company/ }).fill('B2-');
    await saveScreenshot(page, 'wizard-key-prefix');
    await create.click();
    await page.getByRole('status').filter({ hasText: 'Created, paused' }).waitFor({ timeout: 60_000 });

    const connections = await apiCall<{ id: string; name: string }[]>(ws, 'connections:list');
    const second = connections.find((c) => c.name === 'Sage 300 second company')!;
    const flows = await apiCall<{ name: string; template: string | null; sourceConnectionId: string; mapping: { key: { prefix?: string } } }[]>(ws, 'flows:list');
    const customers = flows.filter((f) => f.template === 'sage300-hubspot/customers');
    expect(customers).toHaveLength(2);
    expect(customers.find((f) => f.sourceConnectionId === second.id)!.mapping.key.prefix).toBe('B2-');
    expect(customers.find((f) => f.sourceConnectionId !== second.id)!.mapping.key.prefix).toBeUndefined();
    expect(browser.errors).toEqual([]);
  });
});
