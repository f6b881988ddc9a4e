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

/** Deliveries are remembered this long across restarts: the signature window (HubSpot: 5 minutes). */
export const REPLAY_WINDOW_MS = 5 * 60_000;

export function createWebhookInbox(host: ConnectorHost & { store: Store }, enqueue: (flowIds: string[]) => void) {
  // One verifier per connection and secret: it remembers the deliveries it saw (replay rejection).
  const verifiers = new Map<string, { secrets: string; verifier: WebhookVerifier }>();

  /** Every refusal is logged (without the body or any header): probing and misconfigured senders show up. */
  const refuse = (system: string, connectionId: string, status: number, reason: string, message: string): InboxReply => {
    host.logger.warn({ system, connectionId, status, reason }, 'webhook rejected');
    return { status, body: { ok: false, message } };
  };

  /** The connection a webhook address names, or the refusal (checked before any body is read). */
  const target = (system: string, connectionId: string) => {
    const manifest = manifestFor(system);
    const capability = manifest?.capabilities?.webhooks;
    const conn = host.store.connections.get(connectionId);
    if (!manifest || !capability || !conn || conn.system !== system) {
      return { refusal: refuse(system, connectionId, 404, 'UNKNOWN_CONNECTION', `No ${manifest?.label ?? system} connection receives webhooks at this address.`) };
    }
    return { capability, conn };
  };

  return {
    refuse,
    /** Null when the address names a connection that receives webhooks; else the (logged) refusal. */
    check: (system: string, connectionId: string): InboxReply | null => target(system, connectionId).refusal ?? null,
    /** A sender's GET that proves the address (SAP B1's handshake); refused where the system has none. */
    handshake(system: string, connectionId: string, req: InboxRequest): { status: number; body: unknown } {
      const found = target(system, connectionId);
      if (found.refusal) return found.refusal;
      const { capability } = found;
      if (!capability.handshake) return refuse(system, connectionId, 405, 'METHOD', 'Webhooks are POSTed.');
      const secrets = decryptSecrets(host, connectionId);
      if (!capability.verifier(secrets)) return refuse(system, connectionId, 403, 'NO_SECRET', capability.missingSecretMessage);
      const answer = capability.handshake(secrets, req);
      if (answer.status !== 200) return refuse(system, connectionId, answer.status, answer.reason, answer.message);
      host.logger.info({ system, connectionId }, 'webhook handshake answered');
      return answer;
    },
    receive(system: string, connectionId: string, req: InboxRequest): InboxReply {
      const found = target(system, connectionId);
      if (found.refusal) return found.refusal;
      const { capability, conn } = found;
      const secrets = decryptSecrets(host, connectionId);
      const fingerprint = createHash('sha256').update(JSON.stringify(secrets)).digest('hex');
      let cached = verifiers.get(connectionId);
      if (cached?.secrets !== fingerprint) {
        const verifier = capability.verifier(secrets);
        cached = verifier ? { secrets: fingerprint, verifier } : undefined;
        if (cached) verifiers.set(connectionId, cached);
        else verifiers.delete(connectionId);
      }
      if (!cached) return refuse(system, connectionId, 403, 'NO_SECRET', capability.missingSecretMessage);
      const publicUrl = typeof conn.settings.webhookUrl === 'string' && conn.settings.webhookUrl ? conn.settings.webhookUrl : req.url;
      const result = cached.verifier.verify({ ...req, url: publicUrl });
      if (!result.ok) return refuse(system, connectionId, result.status, result.reason, result.message);
      // The verifier's memory of what it saw ends with the process; the store's does not.
      const now = Date.now();
      const digest = createHash('sha256').update(connectionId).update('\n').update(req.rawBody).digest('hex');
      if (!host.store.webhookDeliveries.firstSighting(digest, connectionId, now, now - REPLAY_WINDOW_MS)) {
        return refuse(system, connectionId, 401, 'REPLAYED', 'This signed request was already received.');
      }
      const touched = new Set(result.entities);
      const flows = host.store.flows.list().filter((f) => f.enabled && f.sourceConnectionId === connectionId && touched.has(f.sourceEntity));
      if (flows.length) enqueue(flows.map((f) => f.id));
      return { status: 200, body: { ok: true, message: `${result.events} event(s) received.`, flows: flows.map((f) => f.name) } };
    },
  };
}

export type WebhookInbox = ReturnType<typeof createWebhookInbox>;
