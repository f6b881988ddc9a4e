// Manifest capability `demo`: a Zoho CRM connection to a running sandbox, from its JSON line, and its
// notification channel pointed at the demo service's /webhooks/zoho/<connection>.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { silentLogger } from '../kit/logger.ts';
import { createSharedRegistry } from '../kit/registry.ts';
import type { DemoCapability } from '../kit/types.ts';
import { ZohoClient } from './client.ts';
import { zohoConfigSchema } from './config.ts';
import { channelIdFor, ensureChannel, watchedEvents } from './notifications.ts';

const lineSchema = z.object({ accountsUrl: z.string().url(), apiDomain: z.string().url(), clientId: z.string(), clientSecret: z.string(), refreshToken: z.string() });

function connection(line: Record<string, unknown>) {
  const l = lineSchema.parse(line);
  return {
    settings: { dataCentre: 'US', accountsUrl: l.accountsUrl, apiDomain: l.apiDomain, clientId: l.clientId, modules: ['Accounts', 'Contacts', 'Vendors', 'Deals', 'Products', 'Invoices'] },
    secrets: { clientSecret: l.clientSecret, refreshToken: l.refreshToken },
  };
}

export const zohoDemo: DemoCapability = {
  connectionName: 'Zoho CRM (sandbox)',
  sandboxOptions: { tier: 'enterprise', records: 20 },
  connection,
  async connectWebhooks(line, targetUrl) {
    const { settings, secrets } = connection(line);
    const config = zohoConfigSchema.parse(settings);
    const token = randomBytes(24).toString('base64url');
    const client = new ZohoClient(config, { secrets, registry: createSharedRegistry(), logger: silentLogger });
    try {
      await ensureChannel(client, { channelId: channelIdFor(token), token, notifyUrl: targetUrl, events: watchedEvents(config.modules) });
    } finally {
      await client.close();
    }
    return { notificationToken: token };
  },
};
