// Manifest capability `demo`: an SAP Business One connection to a running sandbox, from its JSON line,
// and the sandbox's Webhook Messenger subscribed to our webhook address (HMAC with a fresh key).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DemoCapability } from '../kit/types.ts';

const lineSchema = z.object({ url: z.string().url(), companyDB: z.string(), user: z.string(), password: z.string() });

/** What the demo subscribes to: every change the template's flows read. */
export const DEMO_EVENTS = [
  ...['Created', 'Updated', 'Deleted'].map((t) => ({ BusinessObject: 'BusinessPartners', TransactionType: t })),
  ...['Created', 'Updated', 'Cancelled', 'Closed'].map((t) => ({ BusinessObject: 'Invoices', TransactionType: t })),
  ...['Created', 'Cancelled'].map((t) => ({ BusinessObject: 'IncomingPayments', TransactionType: t })),
];

/** One Service Layer call of the demo's setup; refusals say which step failed. */
async function call(url: string, path: string, cookie: string, body: unknown): Promise<Response> {
  const res = await fetch(`${url}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`demo: SAP B1 sandbox ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res;
}

export const sapb1Demo: DemoCapability = {
  connectionName: 'SAP Business One (sandbox)',
  sandboxOptions: { records: 150, seed: 11 },
  connection(line) {
    const l = lineSchema.parse(line);
    return { settings: { url: l.url, companyDB: l.companyDB, user: l.user, timeZone: 'UTC' }, secrets: { password: l.password } };
  },
  async connectWebhooks(line, targetUrl) {
    const l = lineSchema.parse(line);
    const login = await call(l.url, 'Login', '', { CompanyDB: l.companyDB, UserName: l.user, Password: l.password });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const key = randomBytes(24).toString('base64url');
    try {
      await call(l.url, 'CompanyService_UpdateAdminInfo', cookie, { AdminInfo: { EnableWebhook: 'tYES' } });
      // No handshake at creation: the connection learns the key only once this returns.
      await call(l.url, 'EventSubscriptions', cookie, {
        WebhookID: 'ml-connector', WebhookURL: targetUrl, AuthenticationType: 'HMAC', AuthenticationCred: JSON.stringify({ Key: key, Algorithm: 'HMACSha256' }),
        Handshake: 'tNO', EventCollection: DEMO_EVENTS,
      });
    } finally {
      await fetch(`${l.url}/Logout`, { method: 'POST', headers: { Cookie: cookie } }).catch(() => undefined);
    }
    return { webhookKey: key };
  },
};
