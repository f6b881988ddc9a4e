// Manifest capability `demo`: a Zoho CRM connection to a running sandbox, from its JSON line.
import { z } from 'zod';
import type { DemoCapability } from '../kit/types.ts';

const lineSchema = z.object({ accountsUrl: z.string().url(), apiDomain: z.string().url(), clientId: z.string(), clientSecret: z.string(), refreshToken: z.string() });

export const zohoDemo: DemoCapability = {
  connectionName: 'Zoho CRM (sandbox)',
  sandboxOptions: { tier: 'enterprise', records: 20 },
  connection(line) {
    const l = lineSchema.parse(line);
    return {
      settings: { dataCentre: 'US', accountsUrl: l.accountsUrl, apiDomain: l.apiDomain, clientId: l.clientId, modules: ['Accounts', 'Contacts', 'Vendors', 'Deals', 'Products', 'Invoices'] },
      secrets: { clientSecret: l.clientSecret, refreshToken: l.refreshToken },
    };
  },
};
