// The app at the two window sizes an admin's laptop gives it, 1280×800 and 1024×768, against `serve` and
// the Sage 300 and HubSpot sandboxes with the whole Sage 300 → HubSpot integration set up: no page runs
// past the window sideways (the Flows table's actions and the Connections table did), stored secrets are
// named in full (badges cut them to "acce…"), and a mapping rule's source field keeps a readable width
// (it shrank to nothing beside its kind).
import { describe, expect, it } from 'vitest';
import { apiCall, saveScreenshot, waitForIdleFlows, withServeAndSandboxes } from './harness.ts';

describe('layout at laptop sizes', () => {
  const env = withServeAndSandboxes();

  it('every page fits the window at 1280×800 and 1024×768', async () => {
    const { ws, sage, hubspot, browser } = env;
    const erp = await apiCall<{ id: string }>(ws, 'connections:create', { system: 'sage300', name: 'Sage 300', settings: { url: String(sage.info['url']), user: 'WEBAPI' }, secrets: { password: String(sage.info['password']) } });
    const crm = await apiCall<{ id: string }>(ws, 'connections:create', { system: 'hubspot', name: 'HubSpot', settings: { baseUrl: String(hubspot.info['url']) }, secrets: { accessToken: String(hubspot.info['token']) } });
    const flows = await apiCall<{ id: string; name: string; template: string }[]>(ws, 'flows:fromTemplate', { template: 'sage300-hubspot', erpConnectionId: erp.id, crmConnectionId: crm.id });
    await waitForIdleFlows(ws);
    const customers = flows.find((f) => f.template.endsWith('/customers'))!;

    const { page } = browser;
    await page.goto(ws.url);
    const base = ws.url.split('#')[0];
    const pages: [string, string, () => Promise<void>][] = [
      ['dashboard', '#/', () => page.getByRole('article', { name: `Flow ${customers.name}` }).waitFor()],
      ['connections', '#/connections', () => page.getByRole('table', { name: 'Connections' }).waitFor()],
      ['flows', '#/flows', () => page.getByRole('button', { name: `Dry run ${customers.name}` }).waitFor()],
      ['mapping', `#/flows/${encodeURIComponent(customers.id)}/mapping`, () => page.getByRole('table', { name: 'Field rules' }).waitFor()],
      ['audit', '#/audit', () => page.getByRole('heading', { name: 'Audit log' }).waitFor()],
      ['settings', '#/settings', () => page.getByRole('heading', { name: 'Settings' }).waitFor()],
      ['setup', '#/setup', () => page.getByRole('radio', { name: /Sage 300 ↔ HubSpot/ }).waitFor()],
    ];
    for (const [width, height] of [[1280, 800], [1024, 768]] as const) {
      await page.setViewportSize({ width, height });
      for (const [name, route, shown] of pages) {
        await page.goto(`${base}${route}`);
        await shown();
        // A string, run in the page (the tests' TypeScript has no DOM types).
        const sideways = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        if (sideways > 0) await saveScreenshot(page, `layout-${name}-${width}`);
        expect({ page: name, width, sideways }).toEqual({ page: name, width, sideways: 0 });
        if (name === 'connections') {
          await page.getByText('Password: stored').waitFor();
          await page.getByText('Private app access token: stored').waitFor();
        }
        if (name === 'mapping') {
          const source = await page.locator('input[aria-label="Source field of name"]').boundingBox();
          expect(source!.width).toBeGreaterThanOrEqual(140);
        }
      }
    }
    expect(browser.errors).toEqual([]);
  });
});
