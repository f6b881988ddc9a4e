// Dry run and field history in Chromium against `serve` and the Sage 300 and HubSpot sandboxes: after a first sync, an edit in Sage 300 shows in the flow's dry run as the one record
// that would be updated, field by field, and HubSpot gets no write; after the real run, the update's
// audit event shows the same change in its drawer.
import { describe, expect, it } from 'vitest';
import { apiCall, syncedCustomersFlow, sandboxAdmin, saveScreenshot, waitForIdleFlows, withServeAndSandboxes } from './harness.ts';
import { hubspotAdmin, writeRequests } from '../support/sandboxes.ts';

describe('dry run and field history', () => {
  const env = withServeAndSandboxes();

  it('shows what a run would change without writing, then the change in the audit drawer', async () => {
    const { ws, sage, hubspot, browser } = env;
    const customers = await syncedCustomersFlow(env);
    const { events } = await apiCall<{ events: { sourceId: string }[] }>(ws, 'audit:query', { flowId: customers!.id, actions: ['created'], limit: 1 });
    const number = events[0]!.sourceId;
    await sandboxAdmin(String(sage.info['admin']), 'POST', 'edit', { resource: 'ARCustomers', key: number, changes: { City: 'Zürich' } });

    const { page } = browser;
    await page.goto(ws.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await fetch(`${String(hubspot.info['url'])}/__sandbox/counters/reset`, { method: 'POST' });
    await page.getByRole('button', { name: `Dry run ${customers!.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Dry run: ${customers!.name}` });
    // Its cost first: from the watermark, estimated from the last run; HubSpot's calls against today's allowance.
    await dialog.getByLabel('Dry run cost').getByText(/^About \d+ calls?: \d+ to Sage 300, \d+ to HubSpot \(of [\d,]+ left today\), for about [\d,]+ records? \(as many as the last run read/).waitFor();
    await saveScreenshot(page, 'dry-run-cost');
    await dialog.getByRole('button', { name: 'Start dry run' }).click();
    await dialog.getByText('would update 1').waitFor();
    const row = dialog.getByRole('table', { name: 'Dry run records' }).getByRole('row').filter({ hasText: number });
    await row.getByText('Zürich').waitFor();
    await saveScreenshot(page, 'dry-run');
    expect(writeRequests((await hubspotAdmin(String(hubspot.info['url'])).counters()).byEndpoint)).toBe(0);
    await page.keyboard.press('Escape');

    // The real run writes it; its audit event shows the field change.
    await apiCall(ws, 'runs:syncNow', { flowIds: [customers!.id] });
    await waitForIdleFlows(ws);
    const updated = await apiCall<{ events: { id: number }[] }>(ws, 'audit:query', { flowId: customers!.id, actions: ['updated'], limit: 1 });
    expect(updated.events).toHaveLength(1);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('textbox', { name: 'Search' }).fill(number);
    await page.getByRole('table', { name: 'Audit events' }).getByRole('row', { name: /^updated/ }).first().click();
    const changed = page.getByRole('dialog').getByRole('table', { name: 'Changed fields' });
    await changed.getByRole('row').filter({ hasText: 'city' }).getByText('Zürich').waitFor();
    await saveScreenshot(page, 'audit-field-changes');
  });
});
