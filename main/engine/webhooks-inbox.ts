// Inbound webhooks: HubSpot tells us a record changed, and the flows that read that object from that
// connection run now instead of at their next scheduled time. Polling stays the fallback: a webhook
// only moves a run earlier, it never carries data we trust (the run reads the records itself), so a
// lost or forged delivery can at worst cause one extra read. Deliveries are authenticated by their v3
// signature (client secret of the connection), a 5-minute timestamp window and replay rejection.
import { WebhookVerifier, type WebhookEvent } from '../../connectors/hubspot/webhooks.ts';
import type { ServiceContext } from '../service/context.ts';
import { decryptSecrets } from './open-connector.ts';

const OBJECT_OF_EVENT: Record<string, string> = { company: 'companies', contact: 'contacts', deal: 'deals' };
const OBJECT_OF_TYPE_ID: Record<string, string> = { '0-1': 'contacts', '0-2': 'companies', '0-3': 'deals' };

export interface InboxRequest {
  method: string;
  /** The URL as this server received it; the connection's `webhookUrl` setting overrides it behind a proxy. */
  url: string;
  rawBody: Buffer;
  header: (name: string) => string | undefined;
}

export interface InboxReply {
  status: number;
  body: { ok: boolean; message: string; flows?: string[] };
}

export function objectsOf(events: WebhookEvent[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    const byType = e.objectTypeId ? OBJECT_OF_TYPE_ID[e.objectTypeId] : undefined;
    const bySubscription = OBJECT_OF_EVENT[e.subscriptionType.split('.')[0] ?? ''];
    const obj = byType ?? bySubscription;
    if (obj) out.add(obj);
  }
  return out;
}

export function createWebhookInbox(ctx: ServiceContext, enqueue: (flowIds: string[]) => void) {
  const verifiers = new Map<string, { secret: string; verifier: WebhookVerifier }>();

  function verifierFor(connectionId: string): WebhookVerifier | null {
    const secret = decryptSecrets(ctx, connectionId).clientSecret;
    if (!secret) return null;
    const cached = verifiers.get(connectionId);
    if (cached?.secret === secret) return cached.verifier;
    const verifier = new WebhookVerifier({ clientSecret: secret });
    verifiers.set(connectionId, { secret, verifier });
    return verifier;
  }

  return {
    hubspot(connectionId: string, req: InboxRequest): InboxReply {
      const conn = ctx.store.connections.get(connectionId);
      if (!conn || conn.system !== 'hubspot') return { status: 404, body: { ok: false, message: 'No HubSpot connection at this address.' } };
      const verifier = verifierFor(connectionId);
      if (!verifier) return { status: 403, body: { ok: false, message: 'Webhooks are not set up for this connection (no app client secret).' } };
      const publicUrl = typeof conn.settings.webhookUrl === 'string' && conn.settings.webhookUrl ? conn.settings.webhookUrl : req.url;
      const result = verifier.verify({ method: req.method, url: publicUrl, rawBody: req.rawBody, header: req.header });
      if (!result.ok) {
        ctx.logger.warn({ connectionId, reason: result.reason }, 'webhook rejected');
        return { status: result.reason === 'BAD_BODY' ? 400 : 401, body: { ok: false, message: result.message } };
      }
      const objects = objectsOf(result.events);
      const flows = ctx.store.flows.list().filter((f) => f.enabled && f.sourceConnectionId === connectionId && objects.has(f.sourceEntity));
      if (flows.length) enqueue(flows.map((f) => f.id));
      return { status: 200, body: { ok: true, message: `${result.events.length} event(s) received.`, flows: flows.map((f) => f.name) } };
    },
  };
}

export type WebhookInbox = ReturnType<typeof createWebhookInbox>;
