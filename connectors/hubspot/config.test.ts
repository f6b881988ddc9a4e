// The subscription tier belongs to the HubSpot connection (it was a global setting): it sets the pace
// the client starts at before HubSpot's rate-limit headers correct it.
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../kit/rate-limit.ts';
import { createHubSpotClient, hubspotConfigSchema } from './config.ts';

const ctx = () => ({ secrets: { accessToken: 'pat-na1-test' }, registry: createRegistry(), logger: { debug() {}, info() {}, warn() {}, error() {} } });

describe('HubSpot connection tier', () => {
  it('defaults to professional and refuses unknown tiers', () => {
    expect(hubspotConfigSchema.parse({}).tier).toBe('professional');
    expect(hubspotConfigSchema.safeParse({ tier: 'gold' }).success).toBe(false);
  });

  it.each([
    ['free', 100],
    ['starter', 100],
    ['professional', 190],
    ['enterprise', 190],
  ] as const)('a %s connection starts pacing at %i requests per 10 s', async (tier, max) => {
    const client = createHubSpotClient(hubspotConfigSchema.parse({ baseUrl: 'http://127.0.0.1:1', tier }), ctx());
    try {
      expect(client.burst.stats()).toMatchObject({ max, intervalMs: 10_000 });
    } finally {
      await client.close();
    }
  });
});
