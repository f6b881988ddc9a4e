// Blackout windows in Chromium against `serve` and the Sage 300 and HubSpot sandboxes:
// the admin adds a window on the Sage 300 connection (a mistake is refused with the field named and
// nothing saved), the Connections page shows it open, the dashboard says what waits and until when, and
// Sync now inside the window asks first — confirmed, the run calls Sage 300 at once. Then, inside the
// window: a dry run (the Flows page's and the wizard's) and the count before Apply to all records say what
// they wait for and until when, with no request held open by the service, and start when it ends;
// Apply to all records and the wizard's Start syncing ask first, like Sync now, instead of showing the
// service's refusal. A replay from the audit log inside the window is answered at once: the drawer says it
// was not replayed and until when, nothing is sent or recorded.
import { describe, expect, it } from 'vitest';
import { addTransform, apiCall, saveScreenshot, waitForIdleFlows, withServeAndSandboxes } from './harness.ts';

const MINUTE = 60_000;
// The windows' clock: UTC, or six hours behind it late in the UTC evening, so that the test's window
// (from five minutes ago for an hour) never crosses midnight, where the app rightly names the end's day.
const utcHour = new Date().getUTCHours();
const ZONE = utcHour >= 22 || utcHour < 1 ? 'Etc/GMT+6' : 'UTC';
const hhmm = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

describe('blackout windows', () => {
  const env = withServeAndSandboxes();
  // Set by the first test, used by the next: the Sage 300 connection, its customers flow and the window's end.
  let erpId = '';
  let flow = { id: '', name: '' };
  let windowEnd = '';

  it('edits a window on the connection, shows the wait, and Sync now inside it asks first', async () => {
    const { ws, sage, hubspot, browser } = env;
    const erp = await apiCall<{ id: string }>(ws, 'connections:create', { system: 'sage300', name: 'Sage 300', settings: { url: String(sage.info['url']), user: 'WEBAPI' }, secrets: { password: String(sage.info['password']) } });
    const crm = await apiCall<{ id: string }>(ws, 'connections:create', { system: 'hubspot', name: 'HubSpot', settings: { baseUrl: String(hubspot.info['url']) }, secrets: { accessToken: String(hubspot.info['token']) } });
    const [customers] = await apiCall<{ id: string; name: string }[]>(ws, 'flows:fromTemplate', { template: 'sage300-hubspot', erpConnectionId: erp.id, crmConnectionId: crm.id, flows: ['customers'] });
    await waitForIdleFlows(ws);
    // A window open now: from five minutes ago for an hour (on ZONE's clock, so the test reads the same anywhere).
    const now = Date.now();
    const start = hhmm(now - 5 * MINUTE);
    const end = hhmm(now + 60 * MINUTE);
    [erpId, flow, windowEnd] = [erp.id, customers!, end];

    const { page } = browser;
    await page.goto(ws.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'Blackout windows of Sage 300' }).click();
    const dialog = page.getByRole('dialog', { name: 'Blackout windows: Sage 300' });
    await dialog.getByRole('textbox', { name: 'Time zone' }).fill(ZONE);
    await dialog.getByRole('button', { name: 'Add a window' }).click();
    const window1 = dialog.getByRole('group', { name: 'Window 1' });
    await window1.getByRole('textbox', { name: 'Name' }).fill('Day End');
    await window1.getByRole('textbox', { name: 'From' }).fill(start);
    // A mistake first: a window that ends when it starts is refused, naming it, and nothing is saved.
    await window1.getByRole('textbox', { name: 'Until' }).fill(start);
    await dialog.getByRole('button', { name: 'Save windows' }).click();
    await dialog.getByRole('alert').getByText('Window 1 (Day End), end: the window ends when it starts; for a whole day use 00:00 to 24:00.').waitFor();
    const unsaved = await apiCall<{ id: string; blackouts: unknown }[]>(ws, 'connections:list');
    expect(unsaved.find((c) => c.id === erp.id)!.blackouts).toBeNull();
    await window1.getByRole('textbox', { name: 'Until' }).fill(end);
    await expect.poll(() => dialog.getByRole('alert').count()).toBe(0);
    await saveScreenshot(page, 'blackout-windows');
    await dialog.getByRole('button', { name: 'Save windows' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByLabel('Blackout of Sage 300').getByText(`Blackout now: “Day End” until ${end}`).waitFor();
    await saveScreenshot(page, 'connections-blackout');
    const [saved] = (await apiCall<{ id: string; blackouts: unknown }[]>(ws, 'connections:list')).filter((c) => c.id === erp.id);
    expect(saved!.blackouts).toEqual({ timeZone: ZONE, windows: [{ kind: 'weekly', name: 'Day End', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start, end }] });

    // The dashboard says what waits and until when, in the one place for waiting flows.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const waiting = page.getByRole('region', { name: 'Waiting' });
    await waiting.getByText(`Waiting: Sage 300 blackout "Day End" until ${end}`).waitFor();
    await waiting.getByText(`${customers!.name} waits. Nothing calls Sage 300 until the window ends; the runs then start or resume from where they stopped. Sync now asks first.`).waitFor();
    const card = page.getByRole('article', { name: `Flow ${customers!.name}` });
    await card.getByText(`Waiting: Sage 300 blackout "Day End" until ${end}`).waitFor();
    await saveScreenshot(page, 'dashboard-blackout');

    // Sync now asks first, and says what syncing anyway does.
    const runsBefore = (await apiCall<{ id: string }[]>(ws, 'runs:list', { flowId: customers!.id })).length;
    await card.getByRole('button', { name: `Sync ${customers!.name} now` }).click();
    const confirm = page.getByRole('dialog', { name: 'Sync during a blackout window?' });
    await confirm.getByText(`Sage 300 is in its blackout window "Day End" until ${end}: "${customers!.name}" would call it during the window.`).waitFor();
    await confirm.getByText('Sync anyway starts the run now and calls Sage 300 during “Day End”, for this run only. Scheduled runs keep waiting and start by themselves when the window ends.').waitFor();
    await saveScreenshot(page, 'blackout-sync-confirm');
    expect((await apiCall<{ id: string }[]>(ws, 'runs:list', { flowId: customers!.id })).length).toBe(runsBefore);
    await confirm.getByRole('button', { name: 'Sync anyway' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await waitForIdleFlows(ws);
    const runs = await apiCall<{ trigger: string; status: string }[]>(ws, 'runs:list', { flowId: customers!.id });
    expect(runs.length).toBe(runsBefore + 1);
    expect(runs[0]).toMatchObject({ trigger: 'manual', status: 'succeeded' });
  });

  it('inside the window, a dry run and the count before Apply to all say what they wait for; Apply to all and Start syncing ask first', async () => {
    const { ws, browser } = env;
    const { page } = browser;
    const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
    const waitFor = `Waiting for Sage 300 blackout "Day End" until ${windowEnd}`;

    // A dry run reads the ERP, so it does not run inside the window either; and the service never holds
    // the request meanwhile (the browser has six connections to it): asked directly, it answers at once.
    await expect(apiCall(ws, 'runs:dryRun', { flowId: flow.id })).rejects.toThrow(`runs:dryRun: BLACKOUT Sage 300 is in its blackout window "Day End" until ${windowEnd}: ml-connector does not call it then.`);
    await expect(apiCall(ws, 'runs:dryRunEstimate', { flowId: flow.id })).rejects.toThrow(/^runs:dryRunEstimate: BLACKOUT /);
    // The screens wait on their side: no dry-run request is open in the browser while they say they wait.
    const open = new Set<unknown>();
    page.on('request', (r) => void (/\/api\/runs:dryRun(Estimate)?$/.test(r.url()) && open.add(r)));
    page.on('requestfinished', (r) => void open.delete(r));
    page.on('requestfailed', (r) => void open.delete(r));

    // The dry run's cost and the dry run itself wait for the window: the dialog says so instead of spinning.
    await nav('Flows');
    await page.getByRole('button', { name: `Dry run ${flow.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Dry run: ${flow.name}` });
    await dialog.getByText(`${waitFor} — the records are counted and the cost shown then.`).waitFor();
    await dialog.getByRole('button', { name: 'Start dry run' }).click();
    await dialog.getByText(`${waitFor} — the dry run starts then.`).waitFor();
    expect(open.size).toBe(0);
    await saveScreenshot(page, 'dry-run-blackout-wait');
    // The window ends (here: taken away): the dry run starts by itself and reports.
    const windows = (await apiCall<{ id: string; blackouts: unknown }[]>(ws, 'connections:list')).find((c) => c.id === erpId)!.blackouts;
    await apiCall(ws, 'connections:setBlackouts', { id: erpId, blackouts: null });
    await dialog.getByLabel('Dry run summary').waitFor({ timeout: 60_000 });
    await apiCall(ws, 'connections:setBlackouts', { id: erpId, blackouts: windows });
    await expect.poll(async () => (await apiCall<{ id: string; waitingFor: unknown }[]>(ws, 'flows:list')).find((f) => f.id === flow.id)!.waitingFor).not.toBeNull();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // Saving a mapping inside the window: the count of what it changes waits for the window too.
    await page.getByRole('link', { name: `Edit mapping of ${flow.name}` }).click();
    await page.getByRole('heading', { name: `Field mapping: ${flow.name}` }).waitFor();
    // The live preview cannot read Sage 300 now: it says why, not the service's code.
    await page.getByText('No preview during the blackout window').waitFor();
    await addTransform(page, 'city', 2, 'UPPER CASE');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    const offer = page.getByRole('alert', { name: 'Apply to all records' });
    await offer.getByText(`${waitFor} — the records the new mapping would change are counted then.`).waitFor();

    // Out of the window the count is made; back in it, Apply to all records asks first and, confirmed, runs.
    await apiCall(ws, 'connections:setBlackouts', { id: erpId, blackouts: null });
    await offer.getByText(/records? would change/).waitFor({ timeout: 60_000 });
    await apiCall(ws, 'connections:setBlackouts', { id: erpId, blackouts: windows });
    await expect.poll(async () => (await apiCall<{ id: string; waitingFor: unknown }[]>(ws, 'flows:list')).find((f) => f.id === flow.id)!.waitingFor).not.toBeNull();
    const runsBefore = (await apiCall<{ id: string }[]>(ws, 'runs:list', { flowId: flow.id })).length;
    await offer.getByRole('button', { name: 'Apply to all records' }).click();
    const applyConfirm = page.getByRole('dialog', { name: 'Apply to all records during a blackout window?' });
    await applyConfirm.getByText(`Sage 300 is in its blackout window "Day End" until ${windowEnd}: "${flow.name}" would call it during the window.`).waitFor();
    await applyConfirm.getByText('Apply anyway starts the full run now and calls Sage 300 during “Day End”, for this run only. Not now starts nothing: apply it once the window is over.').waitFor();
    expect(await page.getByText('BLACKOUT', { exact: true }).count()).toBe(0);
    await saveScreenshot(page, 'apply-to-all-blackout-confirm');
    expect((await apiCall<{ id: string }[]>(ws, 'runs:list', { flowId: flow.id })).length).toBe(runsBefore);
    await applyConfirm.getByRole('button', { name: 'Apply anyway' }).click();
    await page.getByText('Applying the mapping to all records').waitFor();
    await waitForIdleFlows(ws);
    const runs = await apiCall<{ trigger: string; status: string }[]>(ws, 'runs:list', { flowId: flow.id });
    expect(runs.length).toBe(runsBefore + 1);
    expect(runs[0]).toMatchObject({ trigger: 'manual', status: 'succeeded' });

    // The wizard on the same connections: the new flows' costs wait for the window, and Start syncing asks.
    await page.goto(`${ws.url.split('#')[0]}#/setup`);
    await page.getByRole('radio', { name: /Sage 300 ↔ HubSpot/ }).click();
    // Integration, the saved Sage 300 and HubSpot connections (no test: Sage 300 is not called in its window), flows.
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByText('Connect to your ERP:').waitFor();
    await page.getByRole('button', { name: /^Next/ }).click();
    await page.getByText('Connect to your CRM:').waitFor();
    await page.getByRole('button', { name: /^Next/ }).click();
    await page.getByRole('checkbox', { name: 'Customer contacts → Contacts' }).waitFor();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('button', { name: 'Create integration' }).click();
    await page.getByRole('status').filter({ hasText: 'Created, paused' }).waitFor({ timeout: 60_000 });
    const contactsDry = page.getByRole('region', { name: /^Dry run of Customer contacts/ });
    await contactsDry.getByText(`${waitFor} — the records are counted and the cost shown then.`).waitFor();
    // The wizard's own dry run waits on the page too, not in a request held open by the service; and it
    // can be called off, so Start syncing is not held up by a wait of hours.
    await contactsDry.getByRole('button', { name: /^Dry run Customer contacts/ }).click();
    await contactsDry.getByText(`${waitFor} — the dry run starts then.`).waitFor();
    expect(open.size).toBe(0);
    await saveScreenshot(page, 'wizard-dry-run-blackout-wait');
    await contactsDry.getByRole('button', { name: /^Cancel the dry run of Customer contacts/ }).click();
    await contactsDry.getByText(`${waitFor} — the records are counted and the cost shown then.`).waitFor();
    await page.getByRole('button', { name: 'Start syncing' }).click();
    const startConfirm = page.getByRole('dialog', { name: 'Start syncing during a blackout window?' });
    await startConfirm.getByText(new RegExp(`^Sage 300 is in its blackout window "Day End" until ${windowEnd}: \\d+ flows would call it \\(.*Customer contacts.*\\) during the window\\.$`)).waitFor();
    await startConfirm.getByText('Start anyway starts the first runs now and calls Sage 300 during “Day End”, for these runs only. Wait: the flows are on, and their scheduled runs start by themselves when the window ends.').waitFor();
    await saveScreenshot(page, 'wizard-start-blackout-confirm');
    await startConfirm.getByRole('button', { name: 'Wait' }).click();
    await page.getByRole('status').filter({ hasText: 'Syncing starts after the blackout window' }).waitFor();
    // On, and nothing started: their runs wait for the window's end.
    const created = (await apiCall<{ id: string; enabled: boolean }[]>(ws, 'flows:list')).filter((f) => f.id !== flow.id);
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((f) => f.enabled)).toBe(true);
    for (const f of created) expect((await apiCall<{ status: string }[]>(ws, 'runs:list', { flowId: f.id })).filter((r) => r.status !== 'queued')).toEqual([]);
    // The only refusals: the window saved with a mistake (400), the service's BLACKOUT answers the
    // questions above are made from (Sync now, Apply, Start, a dry run or its estimate asked before the
    // page knew of the window) and the previews of the mapping (422).
    expect(browser.errors.filter((e) => !/ (400|422) POST .*\/api\/(connections:setBlackouts|runs:syncNow|runs:dryRun|runs:dryRunEstimate|flows:preview)$/.test(e) && !e.startsWith('console: Failed to load resource'))).toEqual([]);
  });

  it('inside the window, Replay in the audit log answers at once that it was not replayed, and until when', async () => {
    const { ws, browser } = env;
    const { page } = browser;
    const errorsBefore = browser.errors.length;
    const [event] = (await apiCall<{ events: { id: number }[] }>(ws, 'audit:query', { flowId: flow.id, actions: ['created'], limit: 1 })).events;
    const recorded = async () => ({
      events: (await apiCall<{ count: number }>(ws, 'audit:count', {})).count,
      replays: (await apiCall<{ trigger: string }[]>(ws, 'runs:list', { flowId: flow.id, limit: 500 })).filter((r) => r.trigger === 'replay').length,
    });
    const before = await recorded();
    const open = new Set<unknown>();
    page.on('request', (r) => void (/\/api\/audit:replay$/.test(r.url()) && open.add(r)));
    page.on('requestfinished', (r) => void open.delete(r));
    page.on('requestfailed', (r) => void open.delete(r));

    await page.goto(`${ws.url.split('#')[0]}#/audit?event=${event!.id}`);
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('button', { name: 'Re-sync this record from Sage 300' }).click();
    const refusal = drawer.getByRole('alert').filter({ hasText: 'Not replayed during the blackout window' });
    await refusal.getByText(`Sage 300 is in its blackout window "Day End" until ${windowEnd}: ml-connector does not call it then.`).waitFor();
    await refusal.getByText(new RegExp(`^Nothing was sent\\. Replay it at ${windowEnd}, when the window ends, or now with the stored payload \\(Replay: resend stored payload`)).waitFor();
    expect(open.size).toBe(0);
    await expect(drawer.getByRole('button', { name: 'Re-sync this record from Sage 300' }).getAttribute('data-loading')).resolves.toBeNull();
    await saveScreenshot(page, 'audit-replay-blackout');
    expect(await recorded()).toEqual(before);
    expect(browser.errors.slice(errorsBefore).filter((e) => !/ 4\d\d POST .*\/api\/audit:replay$/.test(e) && !e.startsWith('console: Failed to load resource'))).toEqual([]);
  });
});
