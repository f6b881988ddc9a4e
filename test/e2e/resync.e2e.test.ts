// Visible cursors and re-sync from a date in Chromium against `serve` and the Sage 300 and HubSpot
// sandboxes: after a first sync the Flows page shows the flow's cursor (the day it read up
// to, whole days re-read from the day before, UTC); "Re-sync…" asks for a date, shows the estimate of records
// and calls from the audit history, and on confirmation runs a re-sync that the runs list shows with its date.
import { describe, expect, it } from 'vitest';
import { apiCall, syncedCustomersFlow, saveScreenshot, waitForIdleFlows, withServeAndSandboxes } from './harness.ts';

describe('cursors and re-sync from a date', () => {
  const env = withServeAndSandboxes();

  it('shows where a flow is and re-syncs it from a date after an estimate and a confirmation', async () => {
    const { ws, browser } = env;
    const customers = await syncedCustomersFlow(env);
    const [cursor] = await apiCall<{ raw: string }[]>(ws, 'flows:cursors', { flowId: customers!.id });
    const runsBefore = await apiCall<{ trigger: string; counts: { read: number } }[]>(ws, 'runs:list', { flowId: customers!.id, limit: 20 });
    const firstRead = Math.max(...runsBefore.map((r) => r.counts.read)); // the run that read every customer

    const { page } = browser;
    await page.goto(ws.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    const line = page.getByLabel(`Cursor of ${customers!.name}`);
    await line.getByText(cursor!.raw, { exact: true }).waitFor();
    await expect.poll(() => line.textContent()).toMatch(/UTC · whole days by DateLastMaintained, from 1 day before; watermark = run start − 60 s/);

    await page.getByRole('button', { name: `Re-sync ${customers!.name} from a date` }).click();
    const dialog = page.getByRole('dialog', { name: `Re-sync ${customers!.name} from a date` });
    const confirm = dialog.getByRole('button', { name: /^Re-sync from/ });
    await dialog.getByRole('textbox', { name: 'Re-sync from' }).fill('2026-02-30');
    await dialog.getByText('Not a date: use YYYY-MM-DD, or YYYY-MM-DDTHH:MM').waitFor();
    expect(await confirm.isDisabled()).toBe(true);
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    await dialog.getByRole('textbox', { name: 'Re-sync from' }).fill(from);
    // Every customer was read by the first run, so the audit history counts them all.
    await dialog.getByText(`About ${firstRead} records`).waitFor();
    await dialog.getByText(`${Math.ceil(firstRead / 100)} batch read${firstRead > 100 ? 's' : ''} of the destination's current values`).waitFor();
    await dialog.getByText(/Estimated from the audit history/).waitFor();
    await saveScreenshot(page, 'resync-dialog');

    await dialog.getByRole('button', { name: `Re-sync from ${from}` }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitForIdleFlows(ws);
    const runs = await apiCall<{ trigger: string; status: string; resyncFrom?: string; counts: { created: number; updated: number } }[]>(ws, 'runs:list', { flowId: customers!.id, limit: 5 });
    const resync = runs.find((r) => r.trigger === 'resync');
    expect(resync).toMatchObject({ status: 'succeeded', resyncFrom: `${from}T00:00:00.000Z`, counts: { created: 0, updated: 0 } });
    // The cursor is where it was.
    const [after] = await apiCall<{ raw: string }[]>(ws, 'flows:cursors', { flowId: customers!.id });
    expect(after!.raw).toBe(cursor!.raw);
    await saveScreenshot(page, 'flow-cursor');

    // Its audit events say they came from a re-sync, with the date.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('table', { name: 'Audit events' }).getByRole('row', { name: /^unchanged/ }).first().click();
    await page.getByRole('dialog').getByRole('row', { name: /^Re-sync of everything changed since/ }).waitFor();
  });

  it('names a source server’s time zone once, beside the cursor whose time it qualifies', async () => {
    const { ws, hubspot, browser } = env;
    // An SAP Business One server on Chicago time; nothing is read (the flow stays paused), so none needs to answer.
    const erp = await apiCall<{ id: string }>(ws, 'connections:create', { system: 'sapb1', name: 'SAP B1 (Chicago)', settings: { url: 'http://127.0.0.1:9/b1s/v2', companyDB: 'SBODEMOUS', user: 'manager', timeZone: 'America/Chicago' }, secrets: { password: 'not-used' } });
    const crm = await apiCall<{ id: string }>(ws, 'connections:create', { system: 'hubspot', name: 'Portal (SAP)', settings: { baseUrl: String(hubspot.info['url']) }, secrets: { accessToken: String(hubspot.info['token']) } });
    const [partners] = await apiCall<{ id: string; name: string }[]>(ws, 'flows:fromTemplate', { template: 'sapb1-hubspot', erpConnectionId: erp.id, crmConnectionId: crm.id, flows: ['customers'], paused: true });

    const { page } = browser;
    await page.goto(ws.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    const cursor = page.getByLabel(`Cursor of ${partners!.name}`);
    await cursor.getByText('America/Chicago (the source’s time zone)').waitFor();
    const row = page.getByRole('row').filter({ has: cursor });
    expect((await row.textContent())!.split('America/Chicago').length - 1).toBe(1);
    await saveScreenshot(page, 'flow-source-time-zone');
  });
});
