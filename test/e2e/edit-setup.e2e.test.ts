// Changing what was set up, in Chromium against `serve` and the Sage 300 and HubSpot sandboxes: a
// flow's schedule changed after setup; a connection's password rotated with Test connection
// before saving (a wrong one diagnosed, the stored one lent to the test while left empty); a new address
// warns that it clears the stored password and asks for it again; deleting a connection in use lists its
// flows, one deleted (its audit history stays, named as a deleted flow's) and the other moved to another
// Sage 300 connection, after which the connection goes; the audit page's flow filter still offers the deleted
// flow, marked "(deleted)". On the way, Test connection's messages (item 5):
// another system's address recognised, https:// to a plain-HTTP server, settings named by their labels.
import { describe, expect, it } from 'vitest';
import { apiCall, saveScreenshot, waitForIdleFlows, withServeAndSandboxes } from './harness.ts';

const passwordField = /^Password\s*\*?$/;
interface Conn {
  id: string;
  name: string;
  settings: Record<string, unknown>;
  secretsSet: string[];
}
interface FlowView {
  id: string;
  name: string;
  schedule: unknown;
  sourceConnectionId: string;
}

describe('editing what was set up', () => {
  const env = withServeAndSandboxes();

  it('changes a schedule, rotates a password, moves an address, and deletes a connection in use', async () => {
    const { ws, sage, hubspot, browser } = env;
    const sageUrl = String(sage.info['url']);
    const password = String(sage.info['password']);
    const sageConnection = (name: string) => ({ system: 'sage300', name, settings: { url: sageUrl, user: 'WEBAPI' }, secrets: { password } });
    const a = await apiCall<Conn>(ws, 'connections:create', sageConnection('Company A'));
    const b = await apiCall<Conn>(ws, 'connections:create', sageConnection('Company A (new server)'));
    const crm = await apiCall<Conn>(ws, 'connections:create', { system: 'hubspot', name: 'Portal', settings: { baseUrl: String(hubspot.info['url']) }, secrets: { accessToken: String(hubspot.info['token']) } });
    const flows = await apiCall<FlowView[]>(ws, 'flows:fromTemplate', { template: 'sage300-hubspot', erpConnectionId: a.id, crmConnectionId: crm.id, flows: ['customers', 'contacts'] });
    const customers = flows.find((f) => f.name === 'Customers → Companies')!;
    const contacts = flows.find((f) => f.name === 'Customer contacts → Contacts')!;
    await apiCall(ws, 'runs:syncNow', { flowIds: [customers.id, contacts.id] });
    await waitForIdleFlows(ws);
    const contactEvents = await apiCall<{ count: number }>(ws, 'audit:count', { flowId: contacts.id });
    expect(contactEvents.count).toBeGreaterThan(0);

    const { page } = browser;
    const nav = page.getByRole('navigation', { name: 'Main' });
    await page.goto(ws.url);

    // A flow's schedule, after setup.
    await nav.getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('button', { name: 'Change schedule of Customers → Companies' }).click();
    await page.getByRole('textbox', { name: 'Customers → Companies: minutes between runs' }).fill('45');
    await saveScreenshot(page, 'flow-schedule-edit');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByRole('table', { name: /Flows of/ }).getByText('Every 45 min').waitFor();
    expect((await apiCall<FlowView>(ws, 'flows:get', { id: customers.id })).schedule).toEqual({ kind: 'interval', minutes: 45 });

    // Rotate Company A's password: empty is tested with the stored one, a wrong one is diagnosed, the new one saved.
    await nav.getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'Edit connection Company A', exact: true }).click();
    const editA = page.getByRole('dialog', { name: 'Edit connection: Company A' });
    await expect(editA.getByLabel(passwordField).getAttribute('placeholder')).resolves.toBe('stored — leave empty to keep');
    await editA.getByRole('button', { name: 'Test connection' }).click();
    await editA.getByRole('status').filter({ hasText: 'Connection works' }).waitFor({ timeout: 60_000 });
    await editA.getByLabel(passwordField).fill('not-the-password');
    await editA.getByText('The details changed since the last test: test again.').waitFor();
    await editA.getByRole('button', { name: 'Test connection' }).click();
    await editA.getByRole('alert').filter({ hasText: 'Connection test failed' }).getByText('AUTH_REJECTED').waitFor({ timeout: 60_000 });
    await editA.getByLabel(passwordField).fill(password);
    await editA.getByRole('button', { name: 'Test connection' }).click();
    await editA.getByRole('status').filter({ hasText: 'Connection works' }).waitFor({ timeout: 60_000 });
    await saveScreenshot(page, 'connection-edit');
    await editA.getByRole('button', { name: 'Save', exact: true }).click();
    await editA.waitFor({ state: 'detached' });

    // A new address for the second connection: the stored password is cleared, so the form asks for it.
    await page.getByRole('button', { name: 'Edit connection Company A (new server)' }).click();
    const editB = page.getByRole('dialog', { name: 'Edit connection: Company A (new server)' });
    const movedUrl = sageUrl.replace('127.0.0.1', 'localhost');
    await editB.getByRole('textbox', { name: 'Web API address' }).fill(movedUrl);
    await editB.getByText(/Saving clears the stored Password/).waitFor();
    await editB.getByRole('button', { name: 'Save without a passing test' }).click();
    await editB.getByText('Password is required').waitFor();
    await saveScreenshot(page, 'connection-edit-new-address');
    await editB.getByLabel(passwordField).fill(password);

    // Messages in the admin's words (item 5): another system's address, https:// to a plain-HTTP server,
    // a missing setting named by its label — each sentence once, none ending in an empty colon.
    const address = editB.getByRole('textbox', { name: 'Web API address' });
    const testFails = async (expected: RegExp, code: string) => {
      await editB.getByRole('button', { name: 'Test connection' }).click();
      const failed = editB.getByRole('alert').filter({ hasText: 'Connection test failed' });
      await failed.getByText(code, { exact: true }).waitFor({ timeout: 60_000 });
      const text = await failed.innerText();
      expect(text).toMatch(expected);
      const sentences = text.split(/(?<=[.!?])\s+|\n+/).map((l) => l.trim()).filter((l) => l && l !== code && l !== 'Connection test failed');
      expect(sentences.filter((l) => l.endsWith(':'))).toEqual([]);
      expect(sentences.length).toBe(new Set(sentences).size);
      return text;
    };
    const company = editB.getByRole('textbox', { name: 'Company (Org ID)' });
    await address.fill(String(hubspot.info['url']));
    await company.fill('SAMINC');
    await testFails(/This address answers as HubSpot, not Sage 300/, 'WRONG_SYSTEM');
    await saveScreenshot(page, 'connection-test-wrong-system');
    await company.fill('');
    await address.fill(sageUrl.replace('http://', 'https://'));
    await testFails(/speaks plain HTTP, not HTTPS/, 'PLAIN_HTTP');
    await address.fill(`${new URL(sageUrl).origin}/Sage300WebApi`);
    const unnamed = await testFails(/Company \(Org ID\): enter the company Org ID/, 'INVALID_SETTINGS');
    expect(unnamed).not.toContain('"company"');
    await address.fill(movedUrl);
    await editB.getByRole('button', { name: 'Save without a passing test' }).click();
    await editB.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Connections' }).getByText(movedUrl).waitFor();
    const saved = (await apiCall<Conn[]>(ws, 'connections:list')).find((c) => c.id === b.id)!;
    expect(saved.settings['url']).toBe(movedUrl);
    expect(saved.secretsSet).toEqual(['password']);

    // Delete Company A: its two flows are listed; one is deleted, the other moved to the new server.
    await page.getByRole('button', { name: 'Delete connection Company A', exact: true }).click();
    const del = page.getByRole('dialog', { name: 'Delete Company A?' });
    const using = del.getByRole('list', { name: 'Flows that use Company A' });
    await using.getByText('Customers → Companies').waitFor();
    await using.getByText('Customer contacts → Contacts').waitFor();
    await expect(del.getByRole('button', { name: 'Delete connection' }).isDisabled()).resolves.toBe(true);
    await saveScreenshot(page, 'connection-delete-in-use');
    await using.getByRole('button', { name: 'Delete flow Customer contacts → Contacts' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete the flow Customer contacts → Contacts?' });
    await confirm.getByText(/Its audit history stays in the audit log/).waitFor();
    await confirm.getByRole('button', { name: 'Delete flow' }).click();
    await confirm.waitFor({ state: 'detached' });
    await using.getByText('Customer contacts → Contacts').waitFor({ state: 'detached' });
    await del.getByRole('combobox', { name: 'Move it to' }).or(del.getByRole('textbox', { name: 'Move it to' })).first().click();
    await page.getByRole('option', { name: 'Company A (new server)' }).click();
    await del.getByRole('button', { name: 'Move 1 flow' }).click();
    await using.waitFor({ state: 'detached' });
    await del.getByRole('status').getByText('Moved 1 flow to Company A (new server), mappings and schedules unchanged: Customers → Companies.').waitFor();
    await del.getByRole('button', { name: 'Delete connection' }).click();
    await del.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Connections' }).getByText('Company A', { exact: true }).waitFor({ state: 'detached' });
    expect((await apiCall<FlowView>(ws, 'flows:get', { id: customers.id })).sourceConnectionId).toBe(b.id);

    // The deleted flow's audit history stays, under its name marked as deleted.
    await page.goto(`${ws.url.split('#')[0]}#/audit?flow=${encodeURIComponent(contacts.id)}`);
    await page.getByText('Customer contacts → Contacts (deleted flow)').first().waitFor();
    // The audit page's flow filter still offers it (the address chose it), marked as deleted, after the live flows.
    const filters = page.getByRole('search', { name: 'Filter audit events' });
    const flowFilter = filters.getByRole('combobox', { name: 'Flow' }).or(filters.getByRole('textbox', { name: 'Flow' })).first();
    await expect.poll(() => flowFilter.inputValue()).toBe('Customer contacts → Contacts (deleted)');
    await flowFilter.click();
    const options = await page.getByRole('option').allTextContents();
    expect(options).toEqual(['Customers → Companies', 'Customer contacts → Contacts (deleted)']);
    await page.keyboard.press('Escape');
    expect(browser.errors).toEqual([]);
  });
});
