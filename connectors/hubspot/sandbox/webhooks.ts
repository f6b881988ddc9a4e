// The sandbox's webhook emitter (spec §11.2, §13.10): record changes become HubSpot events, POSTed
// in batches of ≤100 to the configured target, signed v1 + v3 with the configured client secret.
// Non-2xx answers (except 400/401/403/404/405) and network errors are retried with growing,
// time-scaled delays and an incremented attemptNumber, up to 10 attempts.
import { signatureV1, signatureV3 } from '../webhooks.ts';
import type { ChangeEvent, PortalState } from './state.ts';
import { objectType } from './data.ts';

export interface WebhookSettings {
  targetUrl: string;
  clientSecret: string;
  maxBatch?: number;
  /** How long events gather before a batch is sent (unscaled ms, default 1000). */
  flushMs?: number;
  maxAttempts?: number;
  /** Subscription types to send, e.g. `contact.creation`, `company.propertyChange`, `object.creation`; default all. */
  subscriptions?: string[];
}

export interface Delivery {
  at: string;
  attempt: number;
  events: number;
  status: number | null;
  error?: string;
}

interface Pending {
  events: Record<string, unknown>[];
  attempt: number;
}

const NOT_RETRIED = new Set([400, 401, 403, 404, 405]);
const LEGACY = new Set(['contacts', 'companies', 'deals', 'line_items', 'products']);

export class WebhookEmitter {
  private settings: WebhookSettings | null = null;
  private queue: Record<string, unknown>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly retries = new Set<NodeJS.Timeout>();
  private nextEventId = 100_000_001;
  private inFlight = 0;
  readonly deliveries: Delivery[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    state: PortalState,
    private readonly portalId: number,
    private readonly appId: number,
    private readonly timeScale: () => number,
  ) {
    this.unsubscribe = state.onChange((e) => this.onChange(e));
  }

  configure(settings: WebhookSettings | null): void {
    if (settings) {
      const host = new URL(settings.targetUrl).hostname;
      if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) throw new Error('The sandbox only delivers webhooks to loopback addresses.');
    }
    this.settings = settings;
  }

  get configured(): WebhookSettings | null {
    return this.settings;
  }

  /** Events waiting or being delivered (tests wait for 0). */
  get pending(): number {
    return this.queue.length + this.inFlight + this.retries.size;
  }

  private onChange(e: ChangeEvent): void {
    if (!this.settings) return;
    const def = objectType(e.type);
    if (!def) return;
    const legacy = LEGACY.has(def.name);
    const subscriptionType = `${legacy ? def.singular : 'object'}.${e.kind}`;
    if (this.settings.subscriptions && !this.settings.subscriptions.includes(subscriptionType)) return;
    const event: Record<string, unknown> = {
      eventId: this.nextEventId++,
      subscriptionId: 4_849_549,
      portalId: this.portalId,
      appId: this.appId,
      occurredAt: e.at,
      subscriptionType,
      attemptNumber: 0,
      objectId: Number(e.id),
      changeSource: e.source,
      ...(e.source === 'CRM_UI' ? { sourceId: 'userId:10202051' } : { sourceId: `${this.appId}` }),
      ...(!legacy && { objectTypeId: def.objectTypeId }),
    };
    if (e.kind === 'creation') event.changeFlag = 'CREATED';
    if (e.kind === 'deletion') event.changeFlag = 'DELETED';
    if (e.kind === 'propertyChange') Object.assign(event, { propertyName: e.property, propertyValue: e.value });
    if (e.kind === 'associationChange') {
      const to = objectType(e.toType);
      Object.assign(event, {
        associationType: `${def.singular.toUpperCase()}_TO_${(to?.singular ?? e.toType).toUpperCase()}`,
        fromObjectId: Number(e.id),
        toObjectId: Number(e.toId),
        associationRemoved: e.removed,
        isPrimaryAssociation: e.primary,
      });
      delete event.objectId;
    }
    this.queue.push(event);
    if (!this.timer) this.timer = setTimeout(() => this.flush(), Math.max(1, (this.settings.flushMs ?? 1000) / this.timeScale()));
  }

  private flush(): void {
    this.timer = null;
    const max = this.settings?.maxBatch ?? 100;
    while (this.queue.length) void this.deliver({ events: this.queue.splice(0, max), attempt: 0 });
  }

  private async deliver(p: Pending): Promise<void> {
    const s = this.settings;
    if (!s) return;
    this.inFlight++;
    const events = p.events.map((e) => ({ ...e, attemptNumber: p.attempt }));
    const body = JSON.stringify(events);
    const timestamp = Date.now();
    let status: number | null = null;
    let error: string | undefined;
    try {
      const res = await fetch(s.targetUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'HubSpot Webhooks',
          'x-hubspot-signature': signatureV1({ clientSecret: s.clientSecret, body }),
          'x-hubspot-signature-version': 'v1',
          'x-hubspot-signature-v3': signatureV3({ clientSecret: s.clientSecret, method: 'POST', url: s.targetUrl, body, timestamp }),
          'x-hubspot-request-timestamp': String(timestamp),
          'x-hubspot-timeout-millis': '10000',
        },
        body,
        signal: AbortSignal.timeout(5000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    } finally {
      this.inFlight--;
    }
    this.deliveries.push({ at: new Date().toISOString(), attempt: p.attempt, events: events.length, status, ...(error && { error }) });
    if (this.deliveries.length > 1000) this.deliveries.splice(0, this.deliveries.length - 1000);
    const ok = status !== null && status >= 200 && status < 300;
    const retry = !ok && !(status !== null && NOT_RETRIED.has(status)) && p.attempt + 1 < (s.maxAttempts ?? 10);
    if (retry) {
      const delay = Math.max(1, (1000 * 2 ** p.attempt) / this.timeScale());
      const t = setTimeout(() => {
        this.retries.delete(t);
        void this.deliver({ events: p.events, attempt: p.attempt + 1 });
      }, delay);
      this.retries.add(t);
    }
  }

  close(): void {
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    for (const t of this.retries) clearTimeout(t);
    this.retries.clear();
    this.queue = [];
  }
}
