// HubSpot connection settings (zod) and the typed client built from them and the access token.
import { z } from 'zod';
import type { ConnectorContext } from '../kit/types.ts';
import { DEFAULT_BASE_URL, HubSpotClient } from './client.ts';
import { DEFAULT_LINE_KEY_PROPERTY } from './invoices.ts';

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

export function createHubSpotClient(config: HubSpotConfig, ctx: Pick<ConnectorContext, 'secrets' | 'registry' | 'logger' | 'state'>): HubSpotClient {
  const accessToken = ctx.secrets.accessToken;
  if (!accessToken) throw new Error('The HubSpot access token secret is missing.');
  return new HubSpotClient({
    accessToken,
    baseUrl: config.baseUrl,
    registry: ctx.registry,
    logger: ctx.logger,
    dailyReserveFraction: config.dailyReserveFraction,
    ...(ctx.state && { state: ctx.state }),
    ...(config.timeouts && { timeouts: config.timeouts }),
  });
}
