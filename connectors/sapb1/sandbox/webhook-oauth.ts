// The Messenger's side of a webhook with AuthenticationType OAuth (spec §10.1): AuthenticationCred names a
// token endpoint and client credentials; the Messenger asks it for a token (client_credentials grant, the
// client's id and secret in the form body — how SAP sends them is unverified, switch `webhookOAuthClientAuth`
// puts them in a Basic header instead) and sends `Authorization: Bearer <token>` on the handshake and every
// notification, reusing a token until shortly before its `expires_in` runs out.
import { request } from 'undici';
import { z } from 'zod';
import type { SandboxClock } from '../../kit/sandbox/clock.ts';

export const oauthCred = z.object({
  token_endpoint: z.string().url(),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  grant_type: z.literal('client_credentials'),
});
export type OAuthCred = z.infer<typeof oauthCred>;

const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive().optional() });

export class OAuthTokens {
  private readonly cache = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly clock: SandboxClock) {}

  async bearer(cred: OAuthCred, clientAuth: 'post' | 'basic', timeoutMs: number): Promise<string> {
    const key = JSON.stringify(cred);
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > this.clock.ticks()) return hit.token;
    const form = new URLSearchParams({ grant_type: cred.grant_type });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (clientAuth === 'basic') headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(cred.client_id)}:${encodeURIComponent(cred.client_secret)}`).toString('base64')}`;
    else {
      form.set('client_id', cred.client_id);
      form.set('client_secret', cred.client_secret);
    }
    const res = await request(cred.token_endpoint, { method: 'POST', headers, body: form.toString(), headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const text = await res.body.text();
    let parsed: ReturnType<typeof tokenAnswer.safeParse> | undefined;
    try {
      parsed = tokenAnswer.safeParse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (res.statusCode !== 200 || !parsed?.success) throw new Error(`the token endpoint ${cred.token_endpoint} answered HTTP ${res.statusCode} without an access_token`);
    // Renew a minute early, as any careful client would.
    const lifetime = (parsed.data.expires_in ?? 3600) * 1000;
    this.cache.set(key, { token: parsed.data.access_token, expiresAt: this.clock.ticks() + Math.max(0, lifetime - 60_000) });
    return parsed.data.access_token;
  }
}
