// Zoho notification channels (spec §7): one channel per connection, enabled, renewed a day before it
// expires (the maximum is a week), re-created when Zoho lost it; callbacks are not signed, so they are
// accepted only with our channel id and token and only as hints — the records are re-read from the API
// (polling with If-Modified-Since stays the source of truth and catches what notifications missed).
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ZohoClient } from './client.ts';

const DAY = 86_400_000;
/** Lifetime asked for: six days, under the one-week maximum (a longer one falls back to one hour). */
export const CHANNEL_LIFETIME_MS = 6 * DAY;
/** Renew when less than this is left. */
export const RENEW_BEFORE_MS = DAY;

export interface ChannelSpec {
  channelId: string;
  token: string;
  notifyUrl: string;
  events: string[];
}

const listed = z.object({ watch: z.array(z.looseObject({ channel_id: z.union([z.string(), z.number()]), channel_expiry: z.string().optional(), events: z.array(z.string()).optional() })) });
const answered = z.object({ watch: z.array(z.looseObject({ code: z.string(), status: z.string() })) });

function zohoExpiry(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

export type ChannelAction = 'enabled' | 'renewed' | 'kept';

/**
 * The connection's channel id, derived from its notification token (a number, as Zoho's channel ids
 * are): the verifier knows it from the secret alone, and a new token opens a new channel.
 */
export function channelIdFor(token: string): string {
  return BigInt('0x' + createHash('sha256').update(token).digest('hex').slice(0, 13)).toString();
}

/** The events a connection watches: every change to the modules the flows read from Zoho. */
export function watchedEvents(modules: readonly string[]): string[] {
  return ['Accounts', 'Contacts', 'Vendors', 'Deals'].filter((m) => modules.includes(m)).map((m) => `${m}.all`);
}

/** Makes sure the channel exists and lives at least RENEW_BEFORE_MS more; says what it did. */
export async function ensureChannel(client: ZohoClient, spec: ChannelSpec, now = Date.now(), signal?: AbortSignal): Promise<ChannelAction> {
  const res = await client.request({ method: 'GET', path: 'actions/watch', query: { channel_id: spec.channelId }, ...(signal && { signal }) });
  const current = res.status === 200 ? listed.parse(res.body).watch.find((w) => String(w.channel_id) === spec.channelId) : undefined;
  const expiresAt = current?.channel_expiry ? Date.parse(current.channel_expiry) : NaN;
  const sameEvents = current?.events && [...current.events].sort().join() === [...spec.events].sort().join();
  if (current && sameEvents && expiresAt - now > RENEW_BEFORE_MS) return 'kept';
  const body = {
    watch: [{ channel_id: spec.channelId, events: spec.events, channel_expiry: zohoExpiry(now + CHANNEL_LIFETIME_MS), token: spec.token, notify_url: spec.notifyUrl, notify_on_related_action: false }],
  };
  // A live channel is replaced in place (PUT keeps its id); a lost one is enabled again (POST).
  const write = await client.request({ method: current ? 'PUT' : 'POST', path: 'actions/watch', json: body, ...(signal && { signal }) });
  const item = answered.parse(write.body).watch[0];
  if (item?.status !== 'success') throw new Error(`Zoho CRM refused the notification channel: ${item?.code ?? write.status}`);
  return current ? 'renewed' : 'enabled';
}

const callbackSchema = z.looseObject({
  channel_id: z.union([z.string(), z.number()]),
  token: z.string().optional(),
  module: z.string(),
  operation: z.string(),
  ids: z.array(z.union([z.string(), z.number()])),
});
export type Callback = { module: string; operation: string; ids: string[] };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A callback body if it names our channel and token; null otherwise (unsigned: nothing else proves it). */
export function verifyCallback(raw: Buffer | string, expected: { channelId: string; token: string }): Callback | null {
  let body: unknown;
  try {
    body = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = callbackSchema.safeParse(body);
  if (!parsed.success) return null;
  const c = parsed.data;
  if (String(c.channel_id) !== expected.channelId || !c.token || !sameSecret(c.token, expected.token)) return null;
  return { module: c.module, operation: c.operation, ids: c.ids.map(String) };
}
