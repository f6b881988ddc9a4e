// An audit event's run as the admin knows it, in Chromium against `serve` and the Sage 300 and HubSpot
// sandboxes: the drawer names the run by its flow and start time (24-hour clock), not its UUID, which stays
// a copy button away for support; the name is a link that lists that run's events and nothing else, a
// filter that says which run it is and clears with ×; Back returns to the event. The dashboard's last run
// of a flow links to its events too.
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../preload/contract/time-text.ts';
import { apiCall, saveScreenshot, sandboxAdmin, syncedCustomersFlow, waitForIdleFlows, withServeAndSandboxes } from './harness.ts';

describe('the run of an audit event', () => {
  const env = withServeAndSandboxes();

  it('is named by its flow and start time and lists its events when clicked', async () => {
    const { ws, sage, browser } = env;
    const customers = await syncedCustomersFlow(env);
    // A second run with one change, so the run's filter has other events to leave out.
    const [created] = (await apiCall<{ events: { sourceId: string }[] }>(ws, 'audit:query', { flowId: customers.id, actions: ['created'], limit: 1 })).events;
    await sandboxAdmin(String(sage.info['admin']), 'POST', 'edit', { resource: 'ARCustomers', key: created!.sourceId, changes: { City: 'Basel' } });
    await apiCall(ws, 'runs:syncNow', { flowIds: [customers.id] });
    await waitForIdleFlows(ws);
    const runs = await apiCall<{ id: string; startedAt: string }[]>(ws, 'runs:list', { flowId: customers.id, limit: 10 });
    const first = runs[runs.length - 1]!;
    const [event] = (await apiCall<{ events: { id: number }[] }>(ws, 'audit:query', { runId: first.id, limit: 1 })).events;
    const inRun = (await apiCall<{ count: number }>(ws, 'audit:count', { runId: first.id })).count;
    const all = (await apiCall<{ count: number }>(ws, 'audit:count', {})).count;
    expect(inRun).toBeGreaterThan(0);
    expect(all).toBeGreaterThan(inRun);

    const { page } = browser;
    await page.goto(ws.url); // the token moves to the tab's storage
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${ws.url.split('#')[0]}#/audit?event=${event!.id}`);
    const drawer = page.getByRole('dialog', { name: `Audit event ${event!.id}` });
    const label = `${customers.name} · started ${formatDateTime(first.startedAt, { withSeconds: true })}`;
    const row = drawer.getByRole('row', { name: /^Run\b/ });
    const link = row.getByRole('button', { name: `Show the events of this run (${label})` });
    await link.waitFor();
    expect((await link.textContent())?.trim()).toBe(label);
    expect(label).toMatch(/, \d\d:\d\d:\d\d$/); // 24-hour, whatever the browser's locale (en-US here)
    // The id is for support: not in the text, a copy button away.
    expect(await row.textContent()).not.toContain(first.id);
    await row.getByRole('button', { name: `Copy the run id ${first.id}` }).waitFor();
    await saveScreenshot(page, 'audit-event-run');

    // The link lists that run's events, and says which run it is.
    await link.click();
    await drawer.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).hash).toBe(`#/audit?run=${first.id}`);
    const filter = page.getByRole('search', { name: 'Filter audit events' });
    await filter.getByLabel(`Run filter: ${label}`).waitFor();
    await page.getByText(`${inRun.toLocaleString('en-US')} event${inRun === 1 ? '' : 's'}`, { exact: true }).waitFor();
    await saveScreenshot(page, 'audit-run-filter');

    // Back: the event again.
    await page.goBack();
    await drawer.waitFor();
    await page.goForward();
    await drawer.waitFor({ state: 'hidden' });
    // × lists every run's events again.
    await filter.getByRole('button', { name: 'Show every run' }).click();
    await filter.getByLabel(`Run filter: ${label}`).waitFor({ state: 'hidden' });
    await page.getByText(`${all.toLocaleString('en-US')} events`, { exact: true }).waitFor();

    // The dashboard's last run of a flow leads to its events the same way.
    const last = runs[0]!;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('article', { name: `Flow ${customers.name}` }).getByRole('link', { name: /^Events of the last run/ }).click();
    expect(new URL(page.url()).hash).toBe(`#/audit?run=${last.id}`);
    await filter.getByLabel(`Run filter: ${customers.name} · started ${formatDateTime(last.startedAt, { withSeconds: true })}`).waitFor();
    expect(browser.errors).toEqual([]);
  });
});
