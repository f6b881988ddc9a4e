// The Zoho CRM connector manifest (issue #17).
import type { Connector, ConnectorContext, ConnectorManifest } from '../kit/types.ts';
import { checkZoho } from './check.ts';
import { ZohoClient } from './client.ts';
import { zohoAllowedHosts, zohoConfigSchema, type ZohoConfig } from './config.ts';
import { zohoDemo } from './demo.ts';
import { zohoDestination, zohoSource } from './entities.ts';
import { channelKeeper } from './channel-keeper.ts';
import { zohoWebhooks } from './webhook-capability.ts';

export const ZOHO_SOURCES = ['Accounts', 'Contacts', 'Vendors', 'Deals', 'Products'] as const;
export const ZOHO_DESTINATIONS = ['Accounts', 'Contacts', 'Vendors', 'Deals', 'Sales_Orders', 'Invoices'] as const;

export const zohoManifest: ConnectorManifest<ZohoConfig> = {
  id: 'zoho',
  label: 'Zoho CRM',
  role: 'crm',
  configSchema: zohoConfigSchema,
  secrets: [
    { name: 'clientSecret', label: 'Client secret', help: 'api-console.zoho.com (your data centre\'s console) › Self Client › Client Secret.' },
    {
      name: 'refreshToken',
      label: 'Refresh token',
      help: 'Self Client › Generate Code with scopes ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ,ZohoCRM.notifications.ALL, then POST the code to <accounts server>/oauth/v2/token (grant_type=authorization_code) within 3 minutes and paste the refresh_token of the answer.',
    },
    {
      name: 'notificationToken',
      label: 'Notification token (optional)',
      optional: true,
      help: 'Any long random text. With it and the webhook address, Zoho notifies changes within seconds (its callbacks carry this token; Zoho does not sign them); without it changes are polled on the schedule.',
    },
  ],
  allowedHosts: zohoAllowedHosts,
  entities: { sources: ZOHO_SOURCES, destinations: ZOHO_DESTINATIONS },
  // If-Modified-Since one second below the watermark: Zoho stamps whole seconds (entities.ts).
  changeWindow: () => ({ stamp: 'second', overlapSeconds: 1, field: 'Modified_Time' }),
  create(config: ZohoConfig, ctx: ConnectorContext): Connector {
    const client = new ZohoClient(config, ctx);
    const keeper = channelKeeper(client, { token: ctx.secrets.notificationToken, webhookUrl: config.webhookUrl, modules: config.modules, state: ctx.state, logger: ctx.logger });
    const options = { sourceFields: config.sourceFields, dealLinesField: config.dealLinesField, externalIdField: config.externalIdField, keeper };
    return {
      check: () => checkZoho(client, ctx.signal),
      sources: Object.fromEntries(ZOHO_SOURCES.map((m) => [m, zohoSource(client, m, options)])),
      destinations: Object.fromEntries(ZOHO_DESTINATIONS.map((m) => [m, zohoDestination(client, m, config.matchAlsoBy[m])])),
      budgetAccount: (signal) => client.budgetAccount(signal),
      close: () => client.close(),
    };
  },
  capabilities: {
    sandbox: async () => (await import('./sandbox/index.ts')).startSandbox,
    demo: zohoDemo,
    webhooks: zohoWebhooks,
  },
};

export { ZohoClient } from './client.ts';
