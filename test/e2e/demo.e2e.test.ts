// The admin's everyday work on the demo workspace (`ml-connector demo`: Sage 300 and HubSpot sandboxes,
// the Sage 300 ↔ HubSpot flows, two records HubSpot refuses on purpose): Sync now with live progress to
// completion, a mapping edit whose preview changes, and a failed record fixed at its cause and replayed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, openBrowser, sandboxAdmin, saveScreenshot, startDemo, waitForIdleFlows, type BrowserSession, type Workspace } from './harness.ts';

interface SandboxLine {
  url: string;
  admin: string;
}

describe('demo workspace', () => {
  let demo: Workspace;
  let browser: BrowserSession;
  let sage300: SandboxLine;
  let hubspot: SandboxLine;

  beforeAll(async () => {
    demo = await startDemo();
    const sandboxes = demo.info['sandboxes'] as { sage300: SandboxLine; hubspot: SandboxLine };
    ({ sage300, hubspot } = sandboxes);
    await waitForIdleFlows(demo);
    browser = await openBrowser();
    await browser.page.goto(demo.url);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    await saveScreenshot(browser.page, `FAILED-${task.name.slice(0, 40)}`);
    // Start the next test from a clean page (no open drawer, popover or unsaved-changes guard).
    await browser.page.goto('about:blank');
    await browser.page.goto(demo.url);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  const nav = (name: string) => browser.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

  it('Sync now shows live progress with records/s and ends with the run’s counts', async () => {
    const { page } = browser;
    await nav('Dashboard');
    const card = page.getByRole('article', { name: 'Flow Customers → Companies' });
    await card.getByText('succeeded').waitFor();
    await saveScreenshot(page, 'dashboard');
    // This flow's runs: other flows may run meanwhile (a CRM's change notifications of our own writes).
    const flowId = (await apiCall<{ id: string; name: string }[]>(demo, 'flows:list')).find((f) => f.name === 'Customers → Companies')!.id;
    const before = await apiCall<{ id: string }[]>(demo, 'runs:list', { flowId, limit: 1 });

    // Three customers changed in Sage 300, so this incremental run has records to count (an incremental run
    // that finds nothing new never shows records/s: it says it is waiting for the first records), and
    // HubSpot answers slowly too, so the records/s line stays up while they are written.
    for (const key of ['C000010', 'C000011', 'C000012']) {
      await sandboxAdmin(sage300.admin, 'POST', 'edit', { resource: 'ARCustomers', key, changes: { PhoneNumber: '2125550199' } });
    }
    // Every Sage 300 request now answers after a delay, so the run lasts long enough to watch.
    await sandboxAdmin(sage300.admin, 'POST', 'switches', { slowMs: 1200 });
    await sandboxAdmin(sage300.admin, 'POST', 'faults', { spec: 'slow=1' });
    await sandboxAdmin(hubspot.admin, 'POST', 'faults', { spec: 'slow=1' });
    try {
      await card.getByRole('button', { name: 'Sync Customers → Companies now' }).click();
      const bar = card.getByRole('progressbar', { name: 'Customers → Companies: progress' });
      await bar.waitFor({ timeout: 30_000 });
      await card.getByText(/records\/s/).waitFor();
      await card.scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'dashboard-sync-progress');
      await bar.waitFor({ state: 'detached', timeout: 90_000 });
    } finally {
      await sandboxAdmin(sage300.admin, 'POST', 'faults', { clear: true });
      await sandboxAdmin(hubspot.admin, 'POST', 'faults', { clear: true });
    }
    await card.getByText('succeeded').waitFor();
    await card.getByText('manual').waitFor();
    const after = await apiCall<{ id: string; status: string; trigger: string }[]>(demo, 'runs:list', { flowId, limit: 1 });
    expect(after[0]!.id).not.toBe(before[0]!.id);
    expect(after[0]).toMatchObject({ status: 'succeeded', trigger: 'manual' });
    // The chart of records per run has this run too.
    await page.getByRole('region', { name: 'Records per run' }).or(page.getByText('Records per run')).first().waitFor();
    expect(browser.errors).toEqual([]);
  });

  it('edits a mapping: the preview follows the draft, save keeps it', async () => {
    const { page } = browser;
    await nav('Flows');
    await page.getByRole('link', { name: 'Edit mapping of Customers → Companies' }).click();
    await page.getByRole('heading', { name: 'Field mapping: Customers → Companies' }).waitFor();
    const preview = page.getByRole('region', { name: 'Preview on 5 live records' });
    const first = preview.getByRole('article').first();
    await first.waitFor({ timeout: 30_000 });
    expect(await preview.getByRole('article').count()).toBe(5);
    const after = first.getByRole('table', { name: /^After, record/ });
    const nameCell = after.getByRole('row').filter({ has: page.getByRole('cell', { name: 'name', exact: true }) }).getByRole('cell').nth(1);
    const original = (await nameCell.textContent())!.trim();
    expect(original).not.toBe(original.toUpperCase());

    // name: trim → required, then UPPER CASE.
    await page.getByRole('button', { name: 'Transforms of name' }).click();
    await page.getByRole('button', { name: 'Add transform' }).click();
    await page.locator('input[aria-label="Transform 3"]').click();
    await page.getByRole('option', { name: 'UPPER CASE' }).click();
    // Picking a transform keeps the pop-up open (for its parameters), it does not close under the click.
    await page.waitForTimeout(300);
    await expect(page.getByRole('button', { name: 'Remove transform 3' }).isVisible()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await nameCell.textContent())?.trim(), { timeout: 15_000 }).toBe(original.toUpperCase());
    await page.getByText('unsaved changes').waitFor();
    await saveScreenshot(page, 'mapping-editor');
    await first.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'mapping-preview');

    // An unknown source field is an inline error and blocks saving.
    const phoneSource = page.locator('input[aria-label="Source field of phone"]');
    await phoneSource.fill('NoSuchField');
    await page.getByText('“NoSuchField” is not a field of the source').waitFor();
    await expect(page.getByRole('button', { name: 'Save mapping' }).isDisabled()).resolves.toBe(true);
    await phoneSource.fill('PhoneNumber');

    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.getByText('Mapping saved').waitFor();
    const saved = await apiCall<{ name: string; mapping: { fields: { to: string; transform?: { fn: string }[] }[] } }[]>(demo, 'flows:list');
    const rule = saved.find((f) => f.name === 'Customers → Companies')!.mapping.fields.find((r) => r.to === 'name')!;
    expect(rule.transform?.map((t) => t.fn)).toEqual(['trim', 'required', 'upper']);
    await page.reload();
    await page.getByRole('button', { name: 'Transforms of name' }).getByText('trim → required → upper').waitFor();
    expect(browser.errors).toEqual([]);
  });

  it('finds a failed record, fixes its cause in HubSpot, replays it and sees it succeed', async () => {
    const { page } = browser;
    await nav('Audit log');
    await page.getByRole('checkbox', { name: 'Only unresolved failures' }).check();
    await page.getByRole('textbox', { name: 'Search' }).fill('Müller');
    const table = page.getByRole('table', { name: 'Audit events' });
    const row = table.getByRole('row', { name: /^failed Müller/ });
    await row.click();
    const drawer = page.getByRole('dialog');
    const message = drawer.getByText(/HubSpot: Contact already exists\. Existing ID: \d+/);
    await message.waitFor();
    await drawer.getByText('Another HubSpot record already holds this unique value.').waitFor();
    await saveScreenshot(page, 'audit-failed-record');

    // The fix, in HubSpot: the contact a salesperson typed in gets its own address.
    const existingId = /Existing ID: (\d+)/.exec((await message.textContent())!)![1]!;
    // The drawer names the HubSpot record that holds the address (a link once the portal id is known).
    await drawer.getByText(new RegExp(`HubSpot record ${existingId}\\b`)).first().waitFor();
    await sandboxAdmin(hubspot.admin, 'PATCH', `records/contacts/${existingId}`, { properties: { email: 'entered.by.sales@example.com' } });

    // A duplicate is HubSpot's state: resending the stored payload is the suggested replay.
    const resend = drawer.getByRole('button', { name: 'Replay: resend stored payload' });
    await expect(resend.getAttribute('data-variant')).resolves.toBe('filled');
    await resend.click();
    await drawer.getByText('Replayed 1: 1 succeeded, 0 failed').waitFor({ timeout: 30_000 });
    await drawer.getByText('Sent: 1 stored payload').waitFor();
    await drawer.getByText('resolved by a later attempt').waitFor();
    await drawer.getByText('Replay history').waitFor();
    await drawer.getByRole('button', { name: /^Event \d+ · / }).first().waitFor();
    await saveScreenshot(page, 'audit-replayed');
    await page.getByRole('button', { name: 'Close event details' }).click();
    await drawer.waitFor({ state: 'hidden' });

    // No unresolved failure for that customer any more once the list is refreshed.
    await page.getByRole('button', { name: 'New events — refresh' }).click();
    await page.getByText('0 events', { exact: true }).waitFor();
    expect(browser.errors).toEqual([]);
  });

  it('says in words which value HubSpot refused, of which record, and where to fix it; replays it re-read from Sage 300', async () => {
    const { page } = browser;
    const failures = await apiCall<{ events: { id: number; error: { code?: string } | null }[] }>(demo, 'audit:query', { actions: ['failed'], unresolvedOnly: true, limit: 50 });
    const invalid = failures.events.find((e) => e.error?.code === 'INVALID_EMAIL');
    expect(invalid).toBeDefined();
    await page.goto(`${demo.url.split('#')[0]}#/audit?event=${invalid!.id}`);
    const drawer = page.getByRole('dialog');
    // Not HubSpot's JSON list: the property, the value sent, HubSpot's words, and the source record to fix.
    await drawer.getByText('HubSpot refused email "accounts at example dot com": Email address accounts at example dot com is invalid.').waitFor();
    await drawer.getByText(/^Fix it in Sage 300, in .+ record \S+ .*— or in the flow's mapping — then replay\.$/).waitFor();
    expect(await drawer.innerText()).not.toContain('"isValid"');
    await saveScreenshot(page, 'audit-invalid-email');

    // Fixed in Sage 300: the suggested replay re-reads the record from Sage 300 and sends that.
    const detail = await apiCall<{ sourcePayload: Record<string, unknown>; sourceId: string }>(demo, 'audit:get', { id: invalid!.id });
    const customer = String(detail.sourcePayload['CustomerNumber'] ?? detail.sourceId);
    await sandboxAdmin(sage300.admin, 'POST', 'edit', { resource: 'ARCustomers', key: customer, changes: { ContactsEmail: 'accounts@example.com' } });
    const reread = drawer.getByRole('button', { name: 'Replay: re-read from Sage 300' });
    await expect(reread.getAttribute('data-variant')).resolves.toBe('filled');
    await reread.click();
    await drawer.getByText('Replayed 1: 1 succeeded, 0 failed').waitFor({ timeout: 30_000 });
    await drawer.getByText('Sent: 1 re-read from the source').waitFor();
    // The replay's own event says what it sent and through which mapping.
    await drawer.getByRole('button', { name: /^Event \d+ · / }).last().click();
    await drawer.getByText(/the record re-read from Sage 300, with the mapping as saved/).waitFor();
    await page.goto(`${demo.url.split('#')[0]}#/audit?event=${invalid!.id}`);
    await saveScreenshot(page, 'audit-replay-reread');
    // Once more: it is resolved, so nothing is sent and no new failure appears.
    await reread.click();
    await drawer.getByText(/Nothing replayed \(1\)/).waitFor({ timeout: 30_000 });
    await drawer.getByText(/Already resolved by a later attempt; nothing was sent\./).waitFor();
    await page.getByRole('button', { name: 'Close event details' }).click();
    expect(browser.errors).toEqual([]);
  });

  it('shows the settings, the connections and the flows; dark mode reads too', async () => {
    const { page } = browser;
    await nav('Settings');
    await page.getByRole('heading', { name: 'About this installation' }).waitFor();
    await page.getByText(demo.info['dataDir'] as string).waitFor();
    await saveScreenshot(page, 'settings');
    // Out-of-range values are refused with a message and saved nowhere, never clamped silently.
    const saved = await apiCall<Record<string, unknown>>(demo, 'settings:get');
    const retention = page.getByRole('textbox', { name: 'Keep successful events for (days)' });
    await retention.fill('-5');
    await retention.blur();
    await page.getByText('Keep events at least 1 day').waitFor();
    expect(await retention.inputValue()).toBe('-5');
    const hour = page.getByRole('textbox', { name: 'Daily reconciliation at (hour, local)' });
    await hour.fill('25');
    await hour.blur();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Enter an hour from 0 to 23').waitFor();
    expect(await hour.inputValue()).toBe('25');
    expect(await apiCall(demo, 'settings:get')).toEqual(saved);
    await page.reload();
    await page.getByRole('heading', { name: 'About this installation' }).waitFor();
    await nav('Connections');
    await page.getByText('Sage 300 (sandbox)').waitFor();
    await saveScreenshot(page, 'connections');
    await nav('Flows');
    await page.getByRole('table', { name: /^Flows of / }).first().waitFor();
    await saveScreenshot(page, 'flows');
    await page.getByRole('button', { name: 'Colour scheme' }).click();
    await page.getByRole('menuitem', { name: 'Dark' }).click();
    await nav('Dashboard');
    await page.getByRole('article', { name: 'Flow Customers → Companies' }).waitFor();
    await saveScreenshot(page, 'dashboard-dark');
    await page.getByRole('button', { name: 'Colour scheme' }).click();
    await page.getByRole('menuitem', { name: 'Light' }).click();
    expect(browser.errors).toEqual([]);
  });
  it('reconciliation flags a record deleted in Sage 300 for approval, and a stopped run raises an alert that says what to do', async () => {
    const { page } = browser;
    // A customer deleted at the Sage desk: its HubSpot company is flagged, never deleted silently.
    const customers = await apiCall<{ id: string; name: string }[]>(demo, 'flows:list');
    const customersFlow = customers.find((f) => f.name === 'Customers → Companies')!;
    await sandboxAdmin(sage300.admin, 'POST', 'delete', { resource: 'ARCustomers', key: 'C000200' });
    await nav('Flows');
    await page.getByRole('button', { name: 'Reconcile Customers → Companies' }).click();
    // It says what it will do and waits for the admin's go-ahead.
    const ask = page.getByRole('dialog', { name: 'Reconcile Customers → Companies?' });
    await ask.getByText(/nothing is deleted without it/).waitFor();
    await ask.getByRole('button', { name: 'Reconcile now' }).click();
    await page.getByText(/Customers → Companies: reconciled/).waitFor({ timeout: 60_000 });
    await nav('Dashboard');
    const alerts = page.getByRole('region', { name: 'Alerts' });
    const flagged = alerts.getByRole('alert').filter({ hasText: 'no longer exist in the source' });
    await flagged.getByText(/nothing is deleted until you approve/).waitFor();
    const pending = page.getByRole('region', { name: /Pending deletions/ });
    await pending.getByRole('table', { name: 'Pending deletions' }).getByText('C000200').first().waitFor();
    await saveScreenshot(page, 'dashboard-pending-deletions');
    await pending.getByRole('checkbox', { name: 'Select all pending deletions' }).check();
    await pending.getByRole('button', { name: 'Keep selected' }).click();
    await pending.waitFor({ state: 'detached' });
    expect(await apiCall<unknown[]>(demo, 'runs:pendingDeletions', { flowId: customersFlow.id })).toEqual([]);
    // Nothing is pending any more: the alert clears itself (clicking Dismiss raced with that).
    await flagged.waitFor({ state: 'detached' });

    // HubSpot revokes the private app token: the next run that calls HubSpot stops, and the dashboard says why and what to do.
    const token = (demo.info['sandboxes'] as { hubspot: { token: string } }).hubspot.token;
    await sandboxAdmin(hubspot.admin, 'DELETE', `tokens/${token}`);
    // The flow that reads HubSpot (a flow writing to it may find nothing changed and make no call).
    await page.getByRole('article', { name: 'Flow Company edits → Customers' }).getByRole('button', { name: 'Sync Company edits → Customers now' }).click();
    const stopped = alerts.getByRole('alert').filter({ hasText: 'Company edits → Customers" stopped' });
    await stopped.waitFor({ timeout: 60_000 });
    const text = (await stopped.textContent())!;
    expect(text).toMatch(/401|token|unauthori[sz]ed|authenticat/i);
    await page.mouse.wheel(0, -10_000);
    await saveScreenshot(page, 'dashboard-alert');
    // By keyboard: the run-failed toast (bottom) or the sticky header may sit over the button's spot.
    const dismiss = stopped.getByRole('button', { name: 'Dismiss alert' });
    await dismiss.focus();
    await page.keyboard.press('Enter');
    await stopped.waitFor({ state: 'detached' });
    expect(browser.errors.filter((e) => !e.includes('HTTP'))).toEqual([]);
  });
  it('groups flows by integration with their health, folds a group, and filters the audit log by integration', async () => {
    const { page } = browser;
    // A second Sage 300 company into the same HubSpot portal: a second integration (its one flow paused).
    const conns = await apiCall<{ id: string; system: string; name: string; settings: Record<string, unknown> }[]>(demo, 'connections:list');
    const erp = conns.find((c) => c.system === 'sage300')!;
    const crm = conns.find((c) => c.system === 'hubspot')!;
    const line = (demo.info['sandboxes'] as { sage300: { password: string } }).sage300;
    const second = await apiCall<{ id: string }>(demo, 'connections:create', { system: 'sage300', name: 'Sage 300 second company', settings: erp.settings, secrets: { password: line.password } });
    const flows = await apiCall<{ id: string; name: string; template: string | null; sourceConnectionId: string; destConnectionId: string; mapping: unknown }[]>(demo, 'flows:list');
    const template = flows.find((f) => f.template === 'sage300-hubspot/customers')!;
    const extra = await apiCall<{ id: string }>(demo, 'flows:create', {
      name: 'Second company customers',
      sourceConnectionId: second.id,
      sourceEntity: 'arCustomers',
      destConnectionId: crm.id,
      destObject: 'companies',
      mapping: template.mapping,
      enabled: false,
    });
    try {
      await nav('Dashboard');
      const first = page.getByRole('region', { name: `Integration ${erp.name} ↔ ${crm.name}` });
      const other = page.getByRole('region', { name: `Integration Sage 300 second company ↔ ${crm.name}` });
      await other.getByText('All paused').waitFor();
      await first.getByRole('article', { name: 'Flow Customers → Companies' }).waitFor();
      expect(await other.getByRole('article').count()).toBe(1);
      await first.getByRole('group', { name: `Health of ${erp.name} ↔ ${crm.name}` }).getByText(/^Last run (just now|\d+ minutes? ago)$/).waitFor();
      // Folding hides the flows and is said to assistive technology.
      const toggle = first.getByRole('button', { expanded: true });
      await toggle.click();
      await first.getByRole('button', { expanded: false }).waitFor();
      await first.getByRole('article', { name: 'Flow Customers → Companies' }).waitFor({ state: 'hidden' });
      await first.getByRole('button', { expanded: false }).click();
      await first.getByRole('article', { name: 'Flow Customers → Companies' }).waitFor();

      await nav('Flows');
      const firstTable = page.getByRole('table', { name: `Flows of ${erp.name} ↔ ${crm.name}` });
      await firstTable.waitFor();
      const ofFirst = flows.filter((f) => [f.sourceConnectionId, f.destConnectionId].sort().join() === [erp.id, crm.id].sort().join());
      expect(await firstTable.getByRole('row').count()).toBe(ofFirst.length + 1);
      expect(await page.getByRole('table', { name: `Flows of Sage 300 second company ↔ ${crm.name}` }).getByRole('row').count()).toBe(2);

      await nav('Audit log');
      const search = page.getByRole('search', { name: 'Filter audit events' });
      const pick = async (name: string) => {
        await search.getByRole('combobox', { name: 'Integration' }).or(search.getByRole('textbox', { name: 'Integration' })).first().click();
        await page.getByRole('option', { name }).click();
      };
      await pick(`Sage 300 second company ↔ ${crm.name}`);
      await page.getByText('0 events').waitFor();
      expect(new URLSearchParams(page.url().split('?')[1]).get('integration')).toBe([second.id, crm.id].sort().join('~'));
      await pick(`${erp.name} ↔ ${crm.name}`);
      await page.getByText(/^[1-9][\d,.]* events$/).waitFor();
      // The integration's events are exactly its flows' events, and only those.
      const shown = await apiCall<{ count: number }>(demo, 'audit:count', { flowIds: ofFirst.map((f) => f.id) });
      let perFlow = 0;
      for (const f of ofFirst) perFlow += (await apiCall<{ count: number }>(demo, 'audit:count', { flowId: f.id })).count;
      expect(shown.count).toBe(perFlow);
      expect(shown.count).toBeLessThan((await apiCall<{ count: number }>(demo, 'audit:count', {})).count);
    } finally {
      await apiCall(demo, 'flows:delete', { id: extra.id });
      await apiCall(demo, 'connections:delete', { id: second.id });
    }
  });
});
