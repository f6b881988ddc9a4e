// HubSpot webhook signatures (spec §11.3). v3 is what we verify: base64 HMAC-SHA256 over
// method + decoded URI + raw body + timestamp, keyed with the app's client secret, rejected when the
// timestamp is more than 5 minutes old and when the same signed request arrives twice (replay).
// v1/v2 are implemented for the sandbox emitter, which sends all three like HubSpot does.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const SIGNATURE_WINDOW_MS = 300_000;

const DECODES: [RegExp, string][] = [
  [/%3A/gi, ':'], [/%2F/gi, '/'], [/%3F/gi, '?'], [/%40/gi, '@'], [/%21/gi, '!'], [/%24/gi, '$'],
  [/%27/gi, "'"], [/%28/gi, '('], [/%29/gi, ')'], [/%2A/gi, '*'], [/%2C/gi, ','], [/%3B/gi, ';'],
];

/** The URI form HubSpot signs: these escapes decoded, everything else left as sent. */
export function decodeSignatureUri(uri: string): string {
  let out = uri;
  for (const [re, ch] of DECODES) out = out.replace(re, ch);
  return out;
}

export interface SignInput {
  clientSecret: string;
  method: string;
  /** Full URL with scheme, host and query. */
  url: string;
  body: string | Buffer;
  /** Epoch milliseconds. */
  timestamp: number;
}

export function signatureV3(input: SignInput): string {
  const body = typeof input.body === 'string' ? input.body : input.body.toString('utf8');
  return createHmac('sha256', input.clientSecret).update(`${input.method.toUpperCase()}${decodeSignatureUri(input.url)}${body}${input.timestamp}`, 'utf8').digest('base64');
}

export function signatureV2(input: Omit<SignInput, 'timestamp'>): string {
  const body = typeof input.body === 'string' ? input.body : input.body.toString('utf8');
  return createHash('sha256').update(`${input.clientSecret}${input.method.toUpperCase()}${input.url}${body}`, 'utf8').digest('hex');
}

export function signatureV1(input: Pick<SignInput, 'clientSecret' | 'body'>): string {
  const body = typeof input.body === 'string' ? input.body : input.body.toString('utf8');
  return createHash('sha256').update(`${input.clientSecret}${body}`, 'utf8').digest('hex');
}

export const webhookEventSchema = z
  .object({
    eventId: z.number(),
    subscriptionId: z.number().optional(),
    portalId: z.number(),
    appId: z.number().optional(),
    occurredAt: z.number(),
    subscriptionType: z.string(),
    attemptNumber: z.number(),
    objectId: z.number().optional(),
    objectTypeId: z.string().optional(),
    propertyName: z.string().optional(),
    propertyValue: z.string().optional(),
    changeFlag: z.string().optional(),
    changeSource: z.string().optional(),
    sourceId: z.string().optional(),
    associationType: z.string().optional(),
    fromObjectId: z.number().optional(),
    toObjectId: z.number().optional(),
    associationRemoved: z.boolean().optional(),
    isPrimaryAssociation: z.boolean().optional(),
  })
  .passthrough();
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export type VerifyResult =
  | { ok: true; events: WebhookEvent[] }
  | { ok: false; reason: 'MISSING_SIGNATURE' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE' | 'REPLAYED' | 'BAD_BODY'; message: string };

export interface VerifyInput {
  method: string;
  /** The full public URL HubSpot posted to (what the app is configured with), including the query. */
  url: string;
  rawBody: string | Buffer;
  /** Header lookup, case-insensitive. */
  header: (name: string) => string | undefined;
}

/** Verifies v3-signed deliveries; one instance per webhook endpoint so it remembers what it saw. */
export class WebhookVerifier {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly options: { clientSecret: string; windowMs?: number; now?: () => number },
  ) {}

  verify(input: VerifyInput): VerifyResult {
    const now = (this.options.now ?? Date.now)();
    const windowMs = this.options.windowMs ?? SIGNATURE_WINDOW_MS;
    const signature = input.header('x-hubspot-signature-v3');
    const ts = input.header('x-hubspot-request-timestamp');
    if (!signature || !ts) return { ok: false, reason: 'MISSING_SIGNATURE', message: 'The request carries no v3 signature or timestamp.' };
    const timestamp = Number(ts);
    if (!Number.isFinite(timestamp) || now - timestamp > windowMs || timestamp - now > windowMs) {
      return { ok: false, reason: 'STALE_TIMESTAMP', message: 'The request timestamp is outside the 5-minute window.' };
    }
    const expected = Buffer.from(signatureV3({ clientSecret: this.options.clientSecret, method: input.method, url: input.url, body: input.rawBody, timestamp }));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, reason: 'BAD_SIGNATURE', message: 'The v3 signature does not match.' };
    }
    for (const [sig, at] of this.seen) if (now - at > windowMs) this.seen.delete(sig);
    if (this.seen.has(signature)) return { ok: false, reason: 'REPLAYED', message: 'This signed request was already received.' };
    this.seen.set(signature, timestamp);
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8'));
    } catch {
      return { ok: false, reason: 'BAD_BODY', message: 'The body is not JSON.' };
    }
    const events = z.array(webhookEventSchema).safeParse(parsed);
    if (!events.success) return { ok: false, reason: 'BAD_BODY', message: 'The body is not a list of HubSpot events.' };
    return { ok: true, events: events.data };
  }
}
