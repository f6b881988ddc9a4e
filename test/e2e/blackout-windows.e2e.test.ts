// Blackout windows in Chromium against `serve` and the Sage 300 and HubSpot sandboxes (issue 20 item 5):
// the admin adds a window on the Sage 300 connection (a mistake is refused with the field named and
// nothing saved), the Connections page shows it open, the dashboard says what waits and until when, and
// Sync now inside the window asks first — confirmed, the run calls Sage 300 at once.
import { describe, expect, it } from 'vitest';
import { apiCall, saveScreenshot, waitForIdleFlows, withServeAndSandboxes } from './harness.ts';

const MINUTE = 60_000;
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe('blackout windows', () => {
  const env = withServeAndSandboxes();

  it('edits a window on the connection, shows the wait, and Sync now inside it asks first', async () => {
    const { ws, sage, hubspot, browser } = env;
    const erp = await apiCall<{ id: string }>(ws, 'connections:create', { system: 'sage300', name: 'Sage 300', settings: { url: String(sage.info['url']), user: 'WEBAPI' }, secrets: { password: String(sage.info['password']) } });
    const crm = await apiCall<{ id: string }>(ws, 'connections:create', { system: 'hubspot', name: 'HubSpot', settings: { baseUrl: String(hubspot.info['url']) }, secrets: { accessToken: String(hubspot.info['token']) } });
    const [customers] = await apiCall<{ id: string; name: string }[]>(ws, 'flows:fromTemplate', { template: 'sage300-hubspot', erpConnectionId: erp.id, crmConnectionId: crm.id, flows: ['customers'] });
    await waitForIdleFlows(ws);
    // A window open now: from five minutes ago for an hour (UTC, so the test reads the same anywhere).
    const now = Date.now();
    const start = hhmm(now - 5 * MINUTE);
    const end = hhmm(now + 60 * MINUTE);

    const { page } = browser;
    await page.goto(ws.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'Blackout windows of Sage 300' }).click();
    const dialog = page.getByRole('dialog', { name: 'Blackout windows: Sage 300' });
    await dialog.getByRole('textbox', { name: 'Time zone' }).fill('UTC');
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
    expect(saved!.blackouts).toEqual({ timeZone: 'UTC', windows: [{ kind: 'weekly', name: 'Day End', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start, end }] });

    // The dashboard says what waits and until when.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('region', { name: 'Blackout windows' }).getByText(`Waiting: Sage 300 blackout “Day End” until ${end}`).waitFor();
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
});
