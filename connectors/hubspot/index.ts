// The HubSpot connector manifest and the typed client the engine's setup step uses.
import type { Connector, ConnectorContext, ConnectorManifest } from '../kit/types.ts';
import { hostOf } from '../kit/hosts.ts';
import { checkHubSpot } from './check.ts';
import { createHubSpotClient, hubspotConfigSchema, type HubSpotConfig } from './config.ts';
import { hubspotCrmSetup } from './crm-setup.ts';
import { hubspotDemo } from './demo.ts';
import { hubspotDestination, hubspotSource } from './entities.ts';
import { hubspotWebhooks } from './webhook-capability.ts';

export { HUBSPOT_OBJECTS, hubspotConfigSchema, createHubSpotClient, type HubSpotConfig } from './config.ts';

export const hubspotManifest: ConnectorManifest<HubSpotConfig> = {
  id: 'hubspot',
  label: 'HubSpot',
  role: 'crm',
  configSchema: hubspotConfigSchema,
  secrets: [
    { name: 'accessToken', label: 'Private app access token', help: 'HubSpot › Settings › Integrations › Private apps › your app › Access token (starts with pat-).' },
    {
      name: 'clientSecret',
      label: 'App client secret (webhooks, optional)',
      optional: true,
      help: 'HubSpot › your app › Auth › Client secret. With it, HubSpot edits arrive by webhook within seconds; without it they are polled on the schedule.',
    },
  ],
  allowedHosts: (config) => [hostOf(config.baseUrl)],
  entities: { sources: ['companies', 'contacts', 'deals'], destinations: ['companies', 'contacts', 'deals', 'invoices', 'line_items'] },
  // A search by last modification, to the millisecond, up to now (entities.ts).
  changeWindow: () => ({ stamp: 'instant', overlapSeconds: 0, field: 'hs_lastmodifieddate' }),
  create(config: HubSpotConfig, ctx: ConnectorContext): Connector {
    const client = createHubSpotClient(config, ctx);
    const options = { lineKeyProperty: config.lineKeyProperty, sourceProperties: config.sourceProperties };
    return {
      check: () => checkHubSpot(client, config.objects, ctx.signal),
      sources: {
        companies: hubspotSource(client, 'companies', options),
        contacts: hubspotSource(client, 'contacts', options),
        deals: hubspotSource(client, 'deals', options),
      },
      destinations: {
        companies: hubspotDestination(client, 'companies', options),
        contacts: hubspotDestination(client, 'contacts', options),
        deals: hubspotDestination(client, 'deals', options),
        invoices: hubspotDestination(client, 'invoices', options),
        line_items: hubspotDestination(client, 'line_items', options),
      },
      budgetAccount: async () => client.accountKey,
      close: () => client.close(),
    };
  },
  capabilities: {
    sandbox: async () => (await import('./sandbox/index.ts')).startSandbox,
    demo: hubspotDemo,
    crmSetup: hubspotCrmSetup,
    webhooks: hubspotWebhooks,
  },
};

export { HubSpotClient } from './client.ts';
export { ensureProperties, listProperties, ML_GROUP, type PropertySpec } from './properties.ts';
export { batchUpsert, batchCreate, batchRead, batchUpdate, listAll, listPage } from './objects.ts';
export { searchAll, searchPage } from './search.ts';
export { associateDefault, associateTyped, setPrimaryCompany, readAssociations, ASSOCIATION_TYPE } from './associations.ts';
export { upsertWithLines, DEFAULT_LINE_KEY_PROPERTY } from './invoices.ts';
export { WebhookVerifier, signatureV3, decodeSignatureUri, type WebhookEvent } from './webhooks.ts';
export { checkHubSpot } from './check.ts';
