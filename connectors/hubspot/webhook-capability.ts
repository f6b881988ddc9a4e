// Manifest capability `webhooks`: verifies HubSpot's v3-signed deliveries with the app's client secret
// and says which source entities the events touch, so the flows reading them run now.
import type { WebhooksCapability } from '../kit/types.ts';
import { WebhookVerifier, type WebhookEvent } from './webhooks.ts';

const OBJECT_OF_EVENT: Record<string, string> = { company: 'companies', contact: 'contacts', deal: 'deals' };
const OBJECT_OF_TYPE_ID: Record<string, string> = { '0-1': 'contacts', '0-2': 'companies', '0-3': 'deals' };

/** Source entities the events are about (by object type id, else by the subscription's prefix). */
export function entitiesOf(events: WebhookEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    const byType = e.objectTypeId ? OBJECT_OF_TYPE_ID[e.objectTypeId] : undefined;
    const bySubscription = OBJECT_OF_EVENT[e.subscriptionType.split('.')[0] ?? ''];
    const entity = byType ?? bySubscription;
    if (entity) out.add(entity);
  }
  return [...out];
}

export const hubspotWebhooks: WebhooksCapability = {
  missingSecretMessage: 'Webhooks are not set up for this connection (no app client secret).',
  verifier(secrets) {
    if (!secrets.clientSecret) return null;
    const verifier = new WebhookVerifier({ clientSecret: secrets.clientSecret });
    return {
      verify(req) {
        const r = verifier.verify(req);
        if (!r.ok) return { ok: false, status: r.reason === 'BAD_BODY' ? 400 : 401, reason: r.reason, message: r.message };
        return { ok: true, events: r.events.length, entities: entitiesOf(r.events) };
      },
    };
  },
};
