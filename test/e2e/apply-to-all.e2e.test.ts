// A mapping change can reach every record, in Chromium against `serve` and the Sage 300
// and HubSpot sandboxes: after a first sync, city becomes UPPER CASE in the mapping editor; once saved, the
// page offers "Apply to all records" with the count a full dry run finds, and applying it starts a full
// run that upper-cases every company's city in HubSpot (a normal run would reach only records edited later).
import { describe, expect, it } from 'vitest';
import { addTransform, syncedCustomersFlow, saveScreenshot, waitForIdleFlows, withServeAndSandboxes } from './harness.ts';
import { hubspotAdmin } from '../support/sandboxes.ts';

describe('apply a mapping change to all records', () => {
  const env = withServeAndSandboxes();

  const cities = async () => (await hubspotAdmin(String(env.hubspot.info['url'])).records('companies')).map((c) => c.properties['city'] ?? '');

  it('offers the count of records the new mapping changes, then applies it to every record', async () => {
    const { ws, browser } = env;
    const customers = await syncedCustomersFlow(env);
    const before = await cities();
    const changing = before.filter((c) => c !== c.toLocaleUpperCase()).length;
    expect(changing).toBeGreaterThan(1);

    const { page } = browser;
    await page.goto(ws.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('link', { name: `Edit mapping of ${customers!.name}` }).click();
    await page.getByRole('heading', { name: `Field mapping: ${customers!.name}` }).waitFor();
    // city: trim, then UPPER CASE.
    await addTransform(page, 'city', 2, 'UPPER CASE');
    await page.getByRole('button', { name: 'Save mapping' }).click();

    const offer = page.getByRole('alert', { name: 'Apply to all records' });
    await offer.getByText(`${changing} records would change`).waitFor({ timeout: 60_000 });
    await saveScreenshot(page, 'mapping-apply-to-all');
    await offer.getByRole('button', { name: 'Apply to all records' }).click();
    await page.getByText('Applying the mapping to all records').waitFor();
    await waitForIdleFlows(ws);

    const after = await cities();
    expect(after).toHaveLength(before.length);
    expect(after.filter((c) => c !== c.toLocaleUpperCase())).toEqual([]);
    expect(after.filter((c) => c !== '').length).toBeGreaterThan(1);
    expect(browser.errors).toEqual([]);
  });
});
