// Manifest capability `demo`: a HubSpot connection to a running sandbox (from its JSON line), and its
// webhook emitter pointed at our inbox so an edit in HubSpot runs the flows that read it within seconds.
import { z } from 'zod';
import type { DemoCapability } from '../kit/types.ts';

const lineSchema = z.object({ url: z.string().url(), token: z.string(), credentials: z.object({ clientSecret: z.string() }) });

export const hubspotDemo: DemoCapability = {
  connectionName: 'HubSpot (sandbox)',
  sandboxOptions: { tier: 'professional' },
  connection(line) {
    const l = lineSchema.parse(line);
    return { settings: { baseUrl: l.url }, secrets: { accessToken: l.token } };
  },
  async connectWebhooks(line, targetUrl) {
    const l = lineSchema.parse(line);
    const res = await fetch(`${l.url}/__sandbox/webhooks`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ targetUrl, clientSecret: l.credentials.clientSecret, flushMs: 500 }),
    });
    if (!res.ok) throw new Error(`demo: configuring the HubSpot sandbox webhooks at ${l.url} failed with ${res.status}`);
    return { clientSecret: l.credentials.clientSecret };
  },
};
