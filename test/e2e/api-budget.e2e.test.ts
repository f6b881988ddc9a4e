// API budget planner in Chromium against `serve` and the Sage 300 and HubSpot sandboxes:
// the schedule editor says what a schedule spends per day before it is saved, from the flow's runs; the
// dashboard shows the HubSpot account's use today, past 80 % the flows that spend most, and at the limit
// the paused flow, with the time it resumes under Waiting (where blackout waits are shown too). Times
// read on the app's one 24-hour clock, whatever the browser's locale (Chromium's here: en-US, 12-hour).
// The Connections page shows the zone of the portal's API day, and UTC with the reason when HubSpot names
// a zone this computer does not know. The account has one name everywhere — the schedule's estimate, the
// dashboard's card, the 80 % alert, the paused run's message, Waiting, the Connections page and the CLI's
// `budget` and `status`: HubSpot account "Portal".
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { apiCall, repoRoot, sandboxAdmin, saveScreenshot, waitForIdleFlows, withServeAndSandboxes } from './harness.ts';

const ACCOUNT = 'HubSpot account "Portal"';

/** `ml-connector --data-dir DIR <args>` beside the running `serve`, as an admin's script runs it. */
async function cli(dataDir: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['scripts/ml-connector.mjs', '--data-dir', dataDir, ...args], { cwd: repoRoot });
  return stdout;
}

describe('API budget planner', () => {
  const env = withServeAndSandboxes();

  it('estimates a schedule’s daily spend before saving, and shows the account’s use, the 80 % warning and the pause', async () => {
    const { ws, sage, hubspot, browser } = env;
    const hubUrl = String(hubspot.info['url']);
    const erp = await apiCall<{ id: string }>(ws, 'connections:create', { system: 'sage300', name: 'Company A', settings: { url: String(sage.info['url']), user: 'WEBAPI' }, secrets: { password: String(sage.info['password']) } });
    const crm = await apiCall<{ id: string }>(ws, 'connections:create', { system: 'hubspot', name: 'Portal', settings: { baseUrl: hubUrl }, secrets: { accessToken: String(hubspot.info['token']) } });
    const flows = await apiCall<{ id: string; name: string; template: string }[]>(ws, 'flows:fromTemplate', { template: 'sage300-hubspot', erpConnectionId: erp.id, crmConnectionId: crm.id, flows: ['customers', 'contacts'] });
    const customers = flows.find((f) => f.template.endsWith('/customers'))!;
    const contacts = flows.find((f) => f.template.endsWith('/contacts'))!;
    await apiCall(ws, 'runs:syncNow', { flowIds: [customers.id, contacts.id] });
    await waitForIdleFlows(ws);
    // Two scheduled-size runs after the first load: three customers change in Sage 300 before each.
    const { events } = await apiCall<{ events: { sourceId: string }[] }>(ws, 'audit:query', { flowId: customers.id, actions: ['created'], limit: 6 });
    for (const round of [0, 1]) {
      for (const e of events.slice(round * 3, round * 3 + 3)) await sandboxAdmin(String(sage.info['admin']), 'POST', 'edit', { resource: 'ARCustomers', key: e.sourceId, changes: { City: `Bern ${round}` } });
      await apiCall(ws, 'runs:syncNow', { flowIds: [customers.id] });
      await waitForIdleFlows(ws);
    }

    const { page } = browser;
    await page.goto(ws.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('button', { name: `Change schedule of ${customers.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Schedule of ${customers.name}` });
    const estimate = dialog.getByTestId('budget-estimate');
    // 15 minutes (the template's): 96 runs a day at the median of the two runs after the first load.
    await estimate.getByText(/^about [\d,]+ calls\/day, .+ % of today's [\d,]+ \([\d,]+ calls? a run, median of its last \d+ runs, × 96 runs a day\)$/).waitFor();
    // Every 5 minutes: three times the runs, before anything is saved.
    await dialog.getByRole('textbox', { name: `${customers.name}: minutes between runs` }).fill('5');
    await estimate.getByText(/× 288 runs a day\)$/).waitFor();
    await estimate.getByText(new RegExp(`^${ACCOUNT}: [\\d,]+ of [\\d,]+ calls used today, by every flow and app on it\\.$`)).waitFor();
    const plan = await apiCall<{ accounts: { perDay: number; unitsPerRun: number; runsPerDay: number; limit: number }[] }>(ws, 'budget:plan', { flowId: customers.id, schedule: { kind: 'interval', minutes: 5 } });
    expect(plan.accounts).toHaveLength(1);
    expect(plan.accounts[0]!.perDay).toBe(plan.accounts[0]!.unitsPerRun * 288);
    await saveScreenshot(page, 'schedule-budget-estimate');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Another app has spent 85 % of the portal's day; our next run learns it from HubSpot's headers.
    const daily = ((await sandboxAdmin(`${hubUrl}/__sandbox`, 'PUT', 'daily', { used: 0 })) as { daily: number }).daily;
    await sandboxAdmin(`${hubUrl}/__sandbox`, 'PUT', 'daily', { used: Math.round(daily * 0.85) });
    await sandboxAdmin(String(sage.info['admin']), 'POST', 'edit', { resource: 'ARCustomers', key: events[0]!.sourceId, changes: { City: 'Basel' } });
    await apiCall(ws, 'runs:syncNow', { flowIds: [customers.id] });
    await waitForIdleFlows(ws);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const card = page.getByRole('article', { name: `API budget of ${ACCOUNT}` });
    await card.getByText(ACCOUNT, { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Alerts' }).getByText(new RegExp(`^${ACCOUNT} has used 8\\d % of today's [\\d,]+ API calls`)).waitFor();
    await card.getByText(/^[\d,]+ of [\d,]+ API calls used today \(8\d %\); [\d,]+ kept for other apps\.$/).waitFor();
    await card.getByText("Over 80 % of today's API calls are used").waitFor();
    const spenders = card.getByText(/^The flows that spend most: /);
    await spenders.waitFor();
    expect(await spenders.textContent()).toContain(`${customers.name} (`);
    expect(await spenders.textContent()).toContain(`${contacts.name} (`);
    // The reset on the 24-hour clock (the browser's locale would say "12:00 AM").
    await card.getByText(/^Resets at midnight US\/Eastern \((\w{3} \d{1,2} \w{3} )?\d\d:\d\d here\)$/).waitFor();
    await saveScreenshot(page, 'dashboard-api-budget');

    // Where the admin looks at the connection: the zone the portal's API day runs in.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
    await page.getByLabel('API day of Portal').getByText(`Daily API limit of ${ACCOUNT} resets at midnight US/Eastern (the portal’s time zone)`).waitFor();
    expect(await page.getByLabel('API day of Company A').count()).toBe(0);
    const testPortal = async () => {
      await page.getByRole('button', { name: 'Test connection Portal' }).click();
      const result = page.getByRole('dialog', { name: 'Test connection: Portal' });
      await result.getByText('Connection works').waitFor();
      await result.getByRole('button', { name: 'Close' }).click();
      await result.waitFor({ state: 'hidden' });
    };
    // HubSpot names a zone this computer does not know: counted in UTC days, and the page says why.
    await sandboxAdmin(`${hubUrl}/__sandbox`, 'POST', 'switches', { portalTimeZone: 'Mars/Olympus_Mons' });
    await testPortal();
    const fallback = page.getByLabel('API day of Portal');
    await fallback.getByText(`Daily API limit of ${ACCOUNT} counted in UTC days — could not learn the portal’s time zone`).waitFor();
    await fallback.getByText(/^HubSpot names this portal's time zone "Mars\/Olympus_Mons", which this computer does not know, so its daily API calls are counted in UTC days/).waitFor();
    await saveScreenshot(page, 'connections-api-day-utc');
    // Testing again once HubSpot names a zone it knows reads the zone again.
    await sandboxAdmin(`${hubUrl}/__sandbox`, 'POST', 'switches', { portalTimeZone: 'US/Eastern' });
    await testPortal();
    await page.getByLabel('API day of Portal').getByText(`Daily API limit of ${ACCOUNT} resets at midnight US/Eastern (the portal’s time zone)`).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();

    // At the limit the next run pauses instead of failing, and the dashboard says until when: a run learns
    // from HubSpot's headers that the portal is at its limit, the next one is held back before calling.
    await sandboxAdmin(`${hubUrl}/__sandbox`, 'PUT', 'daily', { used: daily - 3 });
    for (const city of ['Lugano', 'Chur']) {
      await sandboxAdmin(String(sage.info['admin']), 'POST', 'edit', { resource: 'ARCustomers', key: events[1]!.sourceId, changes: { City: city } });
      await apiCall(ws, 'runs:syncNow', { flowIds: [customers.id] });
      await waitForIdleFlows(ws);
    }
    await card.getByText('The budget is spent: flows pause until it is back').waitFor();
    await card.getByText(`Paused until it is back: ${customers.name} (under Waiting, above).`).waitFor();
    const usage = await apiCall<{ paused: { flowId: string; resumesAt: string }[] }>(ws, 'budget:usage', {});
    expect(usage.paused.map((p) => p.flowId)).toEqual([customers.id]);
    // The one place for waiting flows says what holds this one (the account, by its connection) and until when.
    const waiting = page.getByRole('region', { name: 'Waiting' });
    const clock = '(\\w{3} \\d{1,2} \\w{3} )?\\d\\d:\\d\\d';
    await waiting.getByText(new RegExp(`^Waiting: API budget of ${ACCOUNT} spent until ${clock}$`)).waitFor();
    await waiting.getByText(new RegExp(`^${customers.name} waits\\. The runs paused when the budget was spent and resume by themselves at ${clock}, from where they stopped; nothing is lost\\.$`)).waitFor();
    const flowCard = page.getByRole('article', { name: `Flow ${customers.name}` });
    await flowCard.getByText(new RegExp(`^Waiting: API budget of ${ACCOUNT} spent until ${clock}$`)).waitFor();
    await flowCard.getByText(new RegExp(`^${ACCOUNT} has used [\\d,]+ of its [\\d,]+ daily API calls`)).waitFor();
    await saveScreenshot(page, 'dashboard-api-budget-paused');

    // The command line says it alike.
    expect(await cli(ws.dataDir, 'budget')).toMatch(new RegExp(`^${ACCOUNT}: [\\d,]+ of [\\d,]+ API calls used today`, 'm'));
    const status = JSON.parse(await cli(ws.dataDir, 'status')) as { flows: { id: string; pausedByApiBudgetOf?: string; lastRun: { error: { message: string } | null } }[] };
    const paused = status.flows.find((f) => f.id === customers.id)!;
    expect(paused.pausedByApiBudgetOf).toBe(ACCOUNT);
    expect(paused.lastRun.error?.message).toMatch(new RegExp(`^${ACCOUNT} has used`));

    expect(browser.errors).toEqual([]);
  });
});
