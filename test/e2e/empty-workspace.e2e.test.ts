// A fresh data folder, served headless: the UI opens with its token, cleans the address bar, and shows
// the empty connections screen with the way into the setup wizard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, saveScreenshot, startServe, type BrowserSession, type Workspace } from './harness.ts';

describe('empty workspace', () => {
  let served: Workspace;
  let browser: BrowserSession;

  beforeAll(async () => {
    served = await startServe();
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('opens with the token and shows the empty connections screen', async () => {
    const { page } = browser;
    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('No connections yet — Set up an integration').waitFor();
    expect(page.url()).not.toContain('token=');
    await saveScreenshot(page, 'empty-dashboard');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('heading', { name: 'Connections' }).waitFor();
    await page.getByText('No connections yet — Set up an integration').waitFor();
    expect(await page.getByRole('link', { name: 'Set up an integration' }).count()).toBeGreaterThan(0);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.getByText('No flows yet').waitFor();

    // The audit log says there is nothing yet, not that the (unset) filters match nothing.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByText(/^Nothing recorded yet\. Every record a run, a replay or a re-sync touches is listed here/).waitFor();
    await page.getByRole('textbox', { name: 'Search' }).fill('C000123');
    await page.getByText('No events match these filters.').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();

    // A reload keeps working: the token moved to sessionStorage.
    await page.reload();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    await page.getByText('No flows yet').waitFor();
    expect(browser.errors).toEqual([]);
  });

  it('without a token it says how to get in', async () => {
    const page = await browser.context.newPage();
    await page.goto(served.url.replace(/#.*$/, ''));
    await page.getByText('This window has no access to ml-connector').waitFor();
    await page.close();
  });
});
