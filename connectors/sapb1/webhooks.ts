// Manifest capability `webhooks`: SAP Business One's Webhook Messenger (Service Layer 10.0 FP 2602+,
// spec §10.1) posting to /webhooks/sapb1/<connectionId>, for an event subscription with
// AuthenticationType HMAC whose Key is the connection's `webhookKey` secret.
// - Handshake: GET with X-B1-Webhook-Token and X-B1-Webhook-Signature = HMAC(token) → {"Challenge": token}.
// - Notifications: CloudEvents-like, one object or a batch array, carrying only keys; the affected flows
//   run and read the records themselves. The HMAC of a notification body is not in SAP's guide
//   (unverified): a signature, when sent, must be the HMAC of the raw body (hex or base64); an unsigned
//   notification is refused, so a server that does not sign bodies stays on polling (the default).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { WebhookRequest, WebhooksCapability } from '../kit/types.ts';

/** Business objects → the source entities whose records they change. */
const ENTITIES_OF: Record<string, string[]> = {
  BusinessPartners: ['businessPartners', 'contactEmployees'],
  Invoices: ['invoices', 'invoicePayments'],
  IncomingPayments: ['invoicePayments'],
  PaymentTermsTypes: ['paymentTerms', 'businessPartners'],
  SalesPersons: ['salesPersons', 'businessPartners'],
};

const eventSchema = z.looseObject({ id: z.string().min(1), type: z.string().regex(/^sap\.b1\.[A-Za-z0-9_]+\.[A-Za-z]+\.v\d+$/, 'type must read sap.b1.<BusinessObject>.<Transaction>.v1') });
const deliverySchema = z.union([eventSchema, z.array(eventSchema).min(1)]);

const ALGORITHMS = ['sha256', 'sha384', 'sha512'] as const;

/** True when `signature` is the HMAC of `input` with the key, hex or base64, with any of SAP's algorithms. */
export function signatureMatches(key: string, input: Buffer | string, signature: string | undefined): boolean {
  if (!signature) return false;
  const given = signature.trim();
  for (const algorithm of ALGORITHMS) {
    const mac = createHmac(algorithm, key).update(input).digest();
    const candidates: [string, string][] = [[mac.toString('hex'), given.toLowerCase()], [mac.toString('base64'), given]];
    for (const [expected, actual] of candidates) {
      const a = Buffer.from(expected);
      const b = Buffer.from(actual);
      if (a.length === b.length && timingSafeEqual(a, b)) return true;
    }
  }
  return false;
}

/** Source entities the events touch (by the business object in `sap.b1.<Object>.<Transaction>.v1`). */
export function entitiesOf(types: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of types) for (const e of ENTITIES_OF[t.split('.')[2] ?? ''] ?? []) out.add(e);
  return [...out];
}

const header = (req: WebhookRequest, name: string) => req.header(name);

export const sapb1Webhooks: WebhooksCapability = {
  missingSecretMessage: 'Webhooks are not set up for this connection (no webhook key: the HMAC Key of the Service Layer event subscription).',
  verifier(secrets) {
    const key = secrets.webhookKey;
    if (!key) return null;
    return {
      verify(req) {
        if (!signatureMatches(key, req.rawBody, header(req, 'x-b1-webhook-signature'))) {
          return { ok: false, status: 401, reason: 'BAD_SIGNATURE', message: 'The X-B1-Webhook-Signature header is missing or is not the HMAC of the body with this connection’s webhook key.' };
        }
        let parsed: z.infer<typeof deliverySchema>;
        try {
          parsed = deliverySchema.parse(JSON.parse(req.rawBody.toString('utf8')));
        } catch (e) {
          return { ok: false, status: 400, reason: 'BAD_BODY', message: `Not a Webhook Messenger notification: ${e instanceof z.ZodError ? e.issues.map((i) => i.message).join('; ') : (e as Error).message}` };
        }
        const events = Array.isArray(parsed) ? parsed : [parsed];
        return { ok: true, events: events.length, entities: entitiesOf(events.map((e) => e.type)) };
      },
    };
  },
  handshake(secrets, req) {
    const token = header(req, 'x-b1-webhook-token');
    if (!token) return { status: 400, reason: 'NO_TOKEN', message: 'A handshake carries X-B1-Webhook-Token.' };
    if (!signatureMatches(secrets.webhookKey ?? '', token, header(req, 'x-b1-webhook-signature'))) {
      return { status: 401, reason: 'BAD_SIGNATURE', message: 'The handshake’s X-B1-Webhook-Signature is not the HMAC of its token with this connection’s webhook key.' };
    }
    return { status: 200, body: { Challenge: token } };
  },
};
