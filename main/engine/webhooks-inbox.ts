// Inbound webhooks (`POST /webhooks/<system>/<connectionId>`): a system tells us records changed, and
// the flows that read those entities from that connection run now instead of at their next scheduled
// time. Polling stays the fallback: a webhook only moves a run earlier, it never carries data we trust
// (the run reads the records itself), so a lost or forged delivery can at worst cause one extra read.
// How a delivery is authenticated and which entities it touches is the connector's `webhooks`
// capability (HubSpot: v3 signature with the app's client secret, 5-minute window, replay rejection).
import { createHash } from 'node:crypto';
import type { WebhookRequest, WebhookVerifier } from '../../connectors/kit/types.ts';
import { manifestFor } from '../../connectors/index.ts';
import type { Store } from '../store/index.ts';
import { decryptSecrets, type ConnectorHost } from './open-connector.ts';

export type InboxRequest = WebhookRequest;

export interface InboxReply {
  status: number;
  body: { ok: boolean; message: string; flows?: string[] };
}

export function createWebhookInbox(host: ConnectorHost & { store: Store }, enqueue: (flowIds: string[]) => void) {
  // One verifier per connection and secret: it remembers the deliveries it saw (replay rejection).
  const verifiers = new Map<string, { secrets: string; verifier: WebhookVerifier }>();

  return {
    receive(system: string, connectionId: string, req: InboxRequest): InboxReply {
      const manifest = manifestFor(system);
      const capability = manifest?.capabilities?.webhooks;
      const conn = host.store.connections.get(connectionId);
      if (!manifest || !capability || !conn || conn.system !== system) {
        return { status: 404, body: { ok: false, message: `No ${manifest?.label ?? system} connection receives webhooks at this address.` } };
      }
      const secrets = decryptSecrets(host, connectionId);
      const fingerprint = createHash('sha256').update(JSON.stringify(secrets)).digest('hex');
      let cached = verifiers.get(connectionId);
      if (cached?.secrets !== fingerprint) {
        const verifier = capability.verifier(secrets);
        cached = verifier ? { secrets: fingerprint, verifier } : undefined;
        if (cached) verifiers.set(connectionId, cached);
        else verifiers.delete(connectionId);
      }
      if (!cached) return { status: 403, body: { ok: false, message: capability.missingSecretMessage } };
      const publicUrl = typeof conn.settings.webhookUrl === 'string' && conn.settings.webhookUrl ? conn.settings.webhookUrl : req.url;
      const result = cached.verifier.verify({ ...req, url: publicUrl });
      if (!result.ok) {
        host.logger.warn({ system, connectionId, reason: result.reason }, 'webhook rejected');
        return { status: result.status, body: { ok: false, message: result.message } };
      }
      const touched = new Set(result.entities);
      const flows = host.store.flows.list().filter((f) => f.enabled && f.sourceConnectionId === connectionId && touched.has(f.sourceEntity));
      if (flows.length) enqueue(flows.map((f) => f.id));
      return { status: 200, body: { ok: true, message: `${result.events} event(s) received.`, flows: flows.map((f) => f.name) } };
    },
  };
}

export type WebhookInbox = ReturnType<typeof createWebhookInbox>;
