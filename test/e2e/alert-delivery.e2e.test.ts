// Alerts that reach an admin who is not looking, in Chromium against `serve`: the
// dashboard counts unresolved record failures and links to them in the audit log; Settings configures
// e-mail (a real SMTP server on 127.0.0.1) and a webhook (an HTTP listener on 127.0.0.1) with "send test",
// and the stored secrets are never shown again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, makeDataDir, openBrowser, saveScreenshot, startServe, type BrowserSession, type Workspace } from './harness.ts';
import { seedAuditEvents } from './seed-audit.ts';
import { startSmtp, type LocalSmtp } from '../support/smtp-server.ts';
import { startLocalServer, type LocalServer } from '../../connectors/kit/testing/local-server.ts';

describe('alert delivery', () => {
  let ws: Workspace;
  let browser: BrowserSession;
  let smtp: LocalSmtp;
  let hook: LocalServer;
  const posts: { path: string; body: { text?: string } }[] = [];

  beforeAll(async () => {
    const dataDir = makeDataDir();
    seedAuditEvents(dataDir, 300); // every 97th fails: 3 unresolved failures
    ws = await startServe(dataDir);
    smtp = await startSmtp({ username: 'alerts@example.com', password: 'smtp-pass-77' });
    hook = await startLocalServer((req, body, res) => {
      posts.push({ path: req.url ?? '', body: JSON.parse(body) as { text?: string } });
      res.end('ok');
    });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await ws?.close();
    await smtp?.close();
    await hook?.close();
  });

  it('the dashboard shows unresolved record failures with a link to them in the audit log', async () => {
    const { page } = browser;
    await page.goto(ws.url);
    // The alert is named by its title.
    const alert = page.getByRole('region', { name: '3 record failures are not resolved' });
    await alert.waitFor();
    await saveScreenshot(page, 'dashboard-unresolved-failures');
    await alert.getByRole('link', { name: 'Open the unresolved failures in the audit log' }).click();
    await page.waitForURL(/#\/audit\?.*unresolved=1/);
    await page.getByRole('table', { name: 'Audit events' }).getByRole('row', { name: /Customer 97 at/ }).waitFor();
    expect(browser.errors).toEqual([]);
  });

  it('Settings sends a test e-mail and a test webhook message, and never shows the stored secrets again', async () => {
    const { page } = browser;
    await page.goto(`${ws.url.split('#')[0]}#/settings`);
    const card = page.getByRole('form', { name: 'Alerts by e-mail and webhook' });
    // Each choice is one radio group named by its visible label (LabelledChoice), on a page with two of them.
    await card.getByRole('radiogroup', { name: 'Security' }).waitFor();
    expect(await page.getByRole('radiogroup').count()).toBe(2);
    expect(await page.getByRole('radiogroup', { name: 'Appearance' }).getByRole('radio').count()).toBe(3);
    await card.getByLabel('Send alerts by e-mail').check({ force: true });
    await card.getByLabel('SMTP server').fill('127.0.0.1');
    await card.getByRole('textbox', { name: 'Port' }).fill(String(smtp.port));
    await card.getByRole('radiogroup', { name: 'Security' }).getByText('None (local relay only)').click();
    expect(await card.getByRole('radiogroup', { name: 'Security' }).getByRole('radio', { name: 'None (local relay only)' }).isChecked()).toBe(true);
    await card.getByLabel('User name').fill('alerts@example.com');
    await card.getByLabel('Password', { exact: true }).fill('smtp-pass-77');
    await card.getByRole('textbox', { name: 'From', exact: true }).fill('connector@example.com');
    await card.getByRole('textbox', { name: 'To', exact: true }).fill('ops@example.com');
    await card.getByLabel('Post alerts to a webhook').check({ force: true });
    await card.getByLabel('Webhook URL').fill(`${hook.origin}/hooks/secret-path-123`);
    await card.getByRole('button', { name: 'Save alert delivery' }).click();
    await page.getByText('Alert delivery saved').waitFor();

    // The secrets are gone from the form; only that they are set (and the webhook's host) is shown.
    await card.getByText('Stored encrypted; type to replace it.').waitFor();
    await card.getByText(`Stored encrypted (${new URL(hook.origin).host})`, { exact: false }).waitFor();
    expect(await card.getByLabel('Webhook URL').inputValue()).toBe('');
    expect(await page.content()).not.toContain('secret-path-123');

    await card.getByRole('button', { name: 'Send test e-mail' }).click();
    await page.getByText('Test e-mail sent').waitFor();
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ to: ['ops@example.com'], user: 'alerts@example.com' });

    await card.getByRole('button', { name: 'Send test to webhook' }).click();
    await page.getByText('Test message posted').waitFor();
    expect(posts).toEqual([expect.objectContaining({ path: '/hooks/secret-path-123' })]);
    expect(posts[0]!.body.text).toContain('ML Connector test alert');
    await saveScreenshot(page, 'settings-alert-delivery');

    const saved = await apiCall<{ alertDelivery: { email: { host: string; enabled: boolean } } }>(ws, 'settings:get');
    expect(saved.alertDelivery.email).toMatchObject({ host: '127.0.0.1', enabled: true });
    expect(browser.errors).toEqual([]);
  });
});
