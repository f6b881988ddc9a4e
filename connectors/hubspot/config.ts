// HubSpot connection settings (zod) and the typed client built from them and the access token.
import { z } from 'zod';
import type { ConnectorContext } from '../kit/types.ts';
import { DEFAULT_BASE_URL, HubSpotClient } from './client.ts';
import { DEFAULT_LINE_KEY_PROPERTY } from './invoices.ts';

export const HUBSPOT_OBJECTS = ['companies', 'contacts', 'deals', 'line_items', 'invoices'] as const;

export const HUBSPOT_TIERS = ['free', 'starter', 'professional', 'enterprise'] as const;
export type HubSpotTier = (typeof HUBSPOT_TIERS)[number];

/** Requests per rolling 10 s window per private app token (spec §10); the response headers then correct it. */
export const BURST_LIMIT_OF_TIER: Record<HubSpotTier, number> = { free: 100, starter: 100, professional: 190, enterprise: 190 };

export const hubspotConfigSchema = z.object({
  baseUrl: z.string().url().default(DEFAULT_BASE_URL).meta({ title: 'API address', description: 'HubSpot’s API, https://api.hubapi.com. Change it only for a proxy or a test portal.' }),
  /** Was the global `crmTier` setting: a tier belongs to the HubSpot account, so to its connection. */
  tier: z
    .enum(HUBSPOT_TIERS)
    .default('professional')
    .meta({ title: 'HubSpot subscription tier', description: 'Decides the API rate limit and daily budget ml-connector paces itself to.' }),
  /** Objects the flows use; check() probes their scopes and tier. */
  objects: z.array(z.enum(HUBSPOT_OBJECTS)).default([...HUBSPOT_OBJECTS]),
  /** Unique property on line_items that keeps re-runs from duplicating lines. */
  lineKeyProperty: z.string().default(DEFAULT_LINE_KEY_PROPERTY).meta({ title: 'Line item key property', description: 'The unique HubSpot line item property that carries each order line’s key, so a line is updated rather than added twice.' }),
  /** Stop a run when this share of the daily API allowance is left. */
  dailyReserveFraction: z.number().min(0).max(0.5).default(0.05).meta({ title: 'Daily API reserve (share)', description: 'Share of the portal’s daily API calls left for other apps: a run stops (and resumes after midnight) when only this share is left, e.g. 0.05 = 5 %.' }),
  /** Properties a source entity reads per object (default: common ones plus every custom property). */
  sourceProperties: z.record(z.string(), z.array(z.string())).default({}),
  timeouts: z.object({ connectMs: z.number().int().positive().optional(), readMs: z.number().int().positive().optional() }).optional(),
});
export type HubSpotConfig = z.infer<typeof hubspotConfigSchema>;

export function createHubSpotClient(config: HubSpotConfig, ctx: Pick<ConnectorContext, 'secrets' | 'registry' | 'logger' | 'state' | 'allowedHosts'> & Partial<Pick<ConnectorContext, 'clock'>>): HubSpotClient {
  const accessToken = ctx.secrets.accessToken;
  if (!accessToken) throw new Error('The HubSpot access token secret is missing.');
  return new HubSpotClient({
    accessToken,
    baseUrl: config.baseUrl,
    registry: ctx.registry,
    logger: ctx.logger,
    dailyReserveFraction: config.dailyReserveFraction,
    ...(ctx.state && { state: ctx.state }),
    ...(ctx.allowedHosts && { allowedHosts: ctx.allowedHosts }),
    ...(ctx.clock && { now: () => ctx.clock!.now().getTime() }),
    burstLimit: BURST_LIMIT_OF_TIER[config.tier],
    ...(config.timeouts && { timeouts: config.timeouts }),
  });
}
