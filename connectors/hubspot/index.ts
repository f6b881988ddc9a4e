// The HubSpot connector manifest and the typed client the engine's setup step uses.
import { z } from 'zod';
import type { Connector, ConnectorContext, ConnectorManifest } from '../kit/types.ts';
import { checkHubSpot } from './check.ts';
import { DEFAULT_BASE_URL, HubSpotClient } from './client.ts';
import { hubspotDestination, hubspotSource } from './entities.ts';
import { DEFAULT_LINE_KEY_PROPERTY } from './invoices.ts';
import { hostOf } from '../kit/hosts.ts';

export const HUBSPOT_OBJECTS = ['companies', 'contacts', 'deals', 'line_items', 'invoices'] as const;

export const hubspotConfigSchema = z.object({
  baseUrl: z.string().url().default(DEFAULT_BASE_URL),
  /** Objects the flows use; check() probes their scopes and tier. */
  objects: z.array(z.enum(HUBSPOT_OBJECTS)).default([...HUBSPOT_OBJECTS]),
  /** Unique property on line_items that keeps re-runs from duplicating lines. */
  lineKeyProperty: z.string().default(DEFAULT_LINE_KEY_PROPERTY),
  /** Stop a run when this share of the daily API allowance is left. */
  dailyReserveFraction: z.number().min(0).max(0.5).default(0.05),
  /** Properties a source entity reads per object (default: common ones plus every custom property). */
  sourceProperties: z.record(z.string(), z.array(z.string())).default({}),
  timeouts: z.object({ connectMs: z.number().int().positive().optional(), readMs: z.number().int().positive().optional() }).optional(),
});
export type HubSpotConfig = z.infer<typeof hubspotConfigSchema>;

export function createHubSpotClient(config: HubSpotConfig, ctx: Pick<ConnectorContext, 'secrets' | 'registry' | 'logger'>): HubSpotClient {
  const accessToken = ctx.secrets.accessToken;
  if (!accessToken) throw new Error('The HubSpot access token secret is missing.');
  return new HubSpotClient({
    accessToken,
    baseUrl: config.baseUrl,
    registry: ctx.registry,
    logger: ctx.logger,
    dailyReserveFraction: config.dailyReserveFraction,
    ...(config.timeouts && { timeouts: config.timeouts }),
  });
}

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
      close: () => client.close(),
    };
  },
  capabilities: {
    sandbox: async () => (await import('./sandbox/index.ts')).startSandbox,
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
