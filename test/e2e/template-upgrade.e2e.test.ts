// Template upgrades in Chromium: `serve` on a workspace whose Sage 300 → HubSpot flows
// were built from version 2 of the template, with version 3 shipped (ML_CONNECTOR_RESOURCES points serve
// at a test-only template folder, see test/support/template-versions.ts). The Flows page says "Template
// update available"; the dialog shows each flow's changes three ways, the city rule the admin edited
// unticked and marked as theirs; "Apply to this flow" settles the contacts flow alone; "Apply all" takes
// the rest, keeps the admin's city rule and creates the flow version 3 adds; the banner goes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, openBrowser, saveScreenshot, startCli, type BrowserSession, type Started } from './harness.ts';
import { workspaceOnTemplateV2, type OlderTemplateWorkspace } from '../support/template-versions.ts';
import type { Flow, TemplateUpgrade } from '../../preload/contract/index.ts';

describe('template update', () => {
  let ws: OlderTemplateWorkspace;
  let serve: Started;
  let browser: BrowserSession;

  beforeAll(async () => {
    ws = await workspaceOnTemplateV2();
    ws.bump();
    serve = await startCli(['serve', '--data-dir', ws.dataDir, '--port', '0'], { env: { ML_CONNECTOR_RESOURCES: ws.resources } });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await ws?.close();
  });

  it('offers the new version as a diff and applies it without touching the admin’s edit', async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    const banner = page.getByRole('region', { name: 'Template updates' });
    await banner.getByText('Template update available: Sage 300 ↔ HubSpot (Company A, Portal)').waitFor();
    await banner.getByText(/Version 3 changes 2 flows and adds 1 flow \(7 changes, 2 in parts you edited\)/).waitFor();
    await saveScreenshot(page, 'template-upgrade-banner');
    await banner.getByRole('button', { name: 'Review the template update for Sage 300 ↔ HubSpot (Company A, Portal)' }).click();

    const dialog = page.getByRole('dialog', { name: 'Template update: Sage 300 ↔ HubSpot (Company A, Portal)' });
    const customers = dialog.getByRole('table', { name: 'Template changes to Customers → Companies' });
    const city = customers.getByRole('row').filter({ hasText: 'Rule "city"' });
    await city.getByText('You edited this').waitFor();
    await city.getByText('City → upper').waitFor();
    await city.getByText('City → trim → lower').waitFor();
    expect(await city.getByRole('checkbox').isChecked()).toBe(false);
    expect(await customers.getByRole('checkbox', { name: 'Take the template\'s Rule "state" for Customers → Companies' }).isChecked()).toBe(true);
    const contactsSchedule = dialog.getByRole('table', { name: 'Template changes to Customer contacts → Contacts' }).getByRole('row').filter({ hasText: 'Default schedule' });
    await contactsSchedule.getByText('Every 45 min').waitFor();
    expect(await dialog.getByRole('checkbox', { name: 'Create the flow Customer balances → Companies' }).isChecked()).toBe(true);
    await saveScreenshot(page, 'template-upgrade-dialog');

    // Per flow: contacts' only change (its schedule, the admin's) left unticked is decided as theirs; the rest stays offered.
    await dialog.getByRole('button', { name: 'Apply to Customer contacts → Contacts' }).click();
    await dialog.getByRole('table', { name: 'Template changes to Customer contacts → Contacts' }).waitFor({ state: 'detached' });
    await customers.getByRole('row').filter({ hasText: 'Rule "city"' }).waitFor();
    expect(await apiCall<Flow>(serve, 'flows:get', { id: ws.contacts.id })).toMatchObject({ templateVersion: 3, schedule: { kind: 'interval', minutes: 45 } });

    await dialog.getByRole('button', { name: 'Apply all' }).click();
    await dialog.waitFor({ state: 'detached' });
    await banner.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: /Flows of/ }).getByText('Customer balances → Companies').waitFor();

    const flows = await apiCall<Flow[]>(serve, 'flows:list');
    const after = flows.find((f) => f.id === ws.customers.id)!;
    expect(after.mapping.fields.find((r) => r.to === 'city')).toEqual({ to: 'city', from: 'City', transform: [{ fn: 'upper' }] });
    expect(after.mapping.fields.find((r) => r.to === 'state')).toEqual({ to: 'state', from: 'StateProvince', transform: [{ fn: 'trim' }, { fn: 'upper' }] });
    expect(after).toMatchObject({ templateVersion: 3, schedule: { kind: 'interval', minutes: 30 } });
    expect(flows.find((f) => f.id === ws.contacts.id)).toMatchObject({ templateVersion: 3, schedule: { kind: 'interval', minutes: 45 } });
    expect(await apiCall<TemplateUpgrade[]>(serve, 'flows:templateUpgrades')).toEqual([]);
    expect(browser.errors).toEqual([]);
  });
});
