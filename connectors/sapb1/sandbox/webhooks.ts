// The Webhook Messenger of Service Layer 10.0 FP 2602+ (spec §10.1), v2 only: the company's webhook
// settings (CompanyService_GetAdminInfo / _UpdateAdminInfo, EnableWebhook off by default), the event
// catalog, EventSubscriptions (POST/GET/PATCH/DELETE, bound Handshake/Resume/Pause) and delivery:
// CloudEvents-like notifications carrying only the key, batched (an array; a single event as an object),
// authenticated per AuthenticationType, retried on 5xx/408/429/network errors with 2, 4, 8, 16, 32 s
// back-off (vendor time) and the subscription set Inactive after the last retry. Handshake: GET with
// X-B1-Webhook-Token, the receiver must answer {"Challenge": token}.
// Unverified in the spec, so switches: whether a notification carries the HMAC of its body at all
// (`webhookHmacInput`: body | none — the guide specifies only the handshake's) and how it is encoded
// (`webhookHmacEncoding`). The sandbox delivers only to loopback (plain HTTP allowed
// there); the real Messenger requires HTTPS.
import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { z } from 'zod';
import type { SandboxClock } from '../../kit/sandbox/clock.ts';
import { SlError, validation } from './errors.ts';
import type { Change } from './state.ts';

const OBJECT_TYPES: Record<string, { type: string; transactions: string }> = {
  BusinessPartners: { type: '2', transactions: 'Created,Updated,Deleted' },
  Invoices: { type: '13', transactions: 'Created,Updated,Deleted,Closed,Cancelled,Reopened' },
  IncomingPayments: { type: '24', transactions: 'Created,Updated,Cancelled' },
};

const subscriptionSchema = z.object({
  WebhookID: z.string().min(1).max(50),
  WebhookURL: z.string().url(),
  AuthenticationType: z.enum(['None', 'Basic', 'HMAC', 'OAuth']).default('HMAC'),
  AuthenticationCred: z.string().optional(),
  Handshake: z.enum(['tYES', 'tNO']).default('tYES'),
  VerifyCertificate: z.enum(['tYES', 'tNO']).default('tYES'),
  State: z.enum(['Active', 'Inactive', 'Exceptional']).default('Active'),
  WorkMode: z.enum(['Standard', 'Replay']).default('Standard'),
  EventCollection: z.array(z.object({ BusinessObject: z.string(), TransactionType: z.string() })).min(1),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

const hmacCred = z.object({ Key: z.string().min(1), Algorithm: z.enum(['HMACSha256', 'HMACSha384', 'HMACSha512']).default('HMACSha256') });
const basicCred = z.object({ Username: z.string(), Password: z.string() });

export interface MessengerSwitches {
  webhookHmacInput: 'body' | 'none';
  webhookHmacEncoding: 'hex' | 'base64';
  webhookFlushMs: number;
}

export interface Delivery {
  webhookId: string;
  at: string;
  events: number;
  status: number | string;
  attempt: number;
}

interface Event {
  id: string;
  specversion: '1.0';
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, string>;
}

export class WebhookMessenger {
  adminInfo: Record<string, unknown> = {
    EnableWebhook: 'tNO', MaxNumberOfWebHooks: 16, MessageTTL: 24, WebhookRetryTimes: 3, WebhookRetryInterval: 2,
    WebhookRequestTimeout: 10, MessageBatchLimit: 1024, MessageRetentionTime: 30,
  };
  readonly subscriptions = new Map<string, Subscription>();
  readonly deliveries: Delivery[] = [];
  private readonly queues = new Map<string, Event[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly insecure = new Agent({ connect: { rejectUnauthorized: false } });
  private closed = false;

  constructor(
    private readonly clock: SandboxClock,
    private readonly companyDB: string,
    private readonly switches: () => MessengerSwitches,
  ) {}

  catalog(): unknown[] {
    return Object.entries(OBJECT_TYPES).map(([bo, t]) => ({ BusinessObject: bo, ObjectType: t.type, TransactionTypes: t.transactions }));
  }

  updateAdminInfo(body: Record<string, unknown>): void {
    const info = z.object({ AdminInfo: z.record(z.string(), z.unknown()) }).safeParse(body);
    if (!info.success) throw validation('Enter AdminInfo');
    this.adminInfo = { ...this.adminInfo, ...info.data.AdminInfo };
  }

  async create(body: Record<string, unknown>): Promise<Subscription> {
    if (this.adminInfo.EnableWebhook !== 'tYES') throw new SlError(400, -1, 'Webhook is not enabled for this company; enable it with CompanyService_UpdateAdminInfo');
    const parsed = subscriptionSchema.safeParse(body);
    if (!parsed.success) throw validation(`Invalid event subscription: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const sub = parsed.data;
    if (this.subscriptions.has(sub.WebhookID)) throw new SlError(400, -10, `WebhookID '${sub.WebhookID}' already exists`);
    if ([...this.subscriptions.values()].some((s) => s.WebhookURL === sub.WebhookURL)) throw validation(`WebhookURL '${sub.WebhookURL}' is already used by another webhook`);
    if (this.subscriptions.size >= Number(this.adminInfo.MaxNumberOfWebHooks)) throw validation(`The company allows at most ${String(this.adminInfo.MaxNumberOfWebHooks)} webhooks`);
    checkUrl(sub.WebhookURL);
    this.credentials(sub);
    for (const e of sub.EventCollection) {
      const known = OBJECT_TYPES[e.BusinessObject];
      if (!known || !known.transactions.split(',').includes(e.TransactionType)) throw validation(`Event ${e.BusinessObject}.${e.TransactionType} is not in the event catalog`);
    }
    if (sub.Handshake === 'tYES') await this.handshake(sub);
    this.subscriptions.set(sub.WebhookID, sub);
    return sub;
  }

  get(id: string): Subscription {
    const sub = this.subscriptions.get(id);
    if (!sub) throw new SlError(404, -2028, 'No matching records found (ODBC -2028)');
    return sub;
  }

  patch(id: string, body: Record<string, unknown>, replaceCollection: boolean): void {
    const sub = this.get(id);
    const next = subscriptionSchema.partial().safeParse(body);
    if (!next.success) throw validation(`Invalid event subscription: ${next.error.message}`);
    const { EventCollection, ...rest } = next.data;
    Object.assign(sub, rest);
    if (EventCollection) sub.EventCollection = replaceCollection ? EventCollection : [...sub.EventCollection, ...EventCollection];
  }

  remove(id: string): void {
    this.get(id);
    this.subscriptions.delete(id);
    this.queues.delete(id);
  }

  async action(id: string, name: string): Promise<void> {
    const sub = this.get(id);
    if (name === 'Pause') sub.State = 'Inactive';
    else if (name === 'Resume') {
      if (sub.Handshake === 'tYES') await this.handshake(sub);
      sub.State = 'Active';
    } else if (name === 'Handshake') await this.handshake(sub);
    else throw new SlError(404, -1000, `Action '${name}' is not bound to 'EventSubscription'`);
  }

  /** A change in the company: queued for every active subscription to it, delivered after a short batching delay. */
  onChange(change: Change): void {
    if (this.adminInfo.EnableWebhook !== 'tYES' || this.closed) return;
    for (const sub of this.subscriptions.values()) {
      if (sub.State !== 'Active' || !sub.EventCollection.some((e) => e.BusinessObject === change.set && e.TransactionType === change.transaction)) continue;
      const queue = this.queues.get(sub.WebhookID) ?? [];
      queue.push({
        id: randomUUID(), specversion: '1.0', source: `/default/sap.b1/${this.companyDB}`, type: `sap.b1.${change.set}.${change.transaction}.v1`,
        subject: String(change.key), time: new Date(this.clock.now()).toISOString(), datacontenttype: 'application/json', data: { [change.keyField]: String(change.key) },
      });
      if (queue.length === 1) this.later(this.switches().webhookFlushMs, () => void this.flush(sub.WebhookID));
      this.queues.set(sub.WebhookID, queue);
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    void this.insecure.close();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private credentials(sub: Subscription): { kind: 'none' } | { kind: 'basic'; header: string } | { kind: 'hmac'; key: string; algorithm: string } {
    const raw = (): unknown => {
      try {
        return JSON.parse(sub.AuthenticationCred ?? '');
      } catch {
        throw validation('AuthenticationCred must be a JSON string');
      }
    };
    if (sub.AuthenticationType === 'None') return { kind: 'none' };
    if (sub.AuthenticationType === 'Basic') {
      const c = basicCred.safeParse(raw());
      if (!c.success) throw validation('AuthenticationCred for Basic needs Username and Password');
      return { kind: 'basic', header: `Basic ${Buffer.from(`${c.data.Username}:${c.data.Password}`).toString('base64')}` };
    }
    if (sub.AuthenticationType === 'OAuth') throw validation('OAuth authentication is not available in the sandbox');
    const c = hmacCred.safeParse(raw());
    if (!c.success) throw validation('AuthenticationCred for HMAC needs Key (and Algorithm HMACSha256/384/512)');
    return { kind: 'hmac', key: c.data.Key, algorithm: c.data.Algorithm.replace('HMACSha', 'sha') };
  }

  private sign(key: string, algorithm: string, input: string): string {
    return createHmac(algorithm, key).update(input).digest(this.switches().webhookHmacEncoding);
  }

  /** The headers AuthenticationType asks for; `signed` null: an HMAC subscription's request goes unsigned. */
  private authHeaders(sub: Subscription, signed: string | null): Record<string, string> {
    const c = this.credentials(sub);
    if (c.kind === 'basic') return { authorization: c.header };
    if (c.kind === 'hmac' && signed !== null) return { 'x-b1-webhook-signature': this.sign(c.key, c.algorithm, signed) };
    return {};
  }

  private async send(sub: Subscription, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
    const timeoutMs = Number(this.adminInfo.WebhookRequestTimeout) * 1000;
    const res = await request(sub.WebhookURL, {
      method, headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) }, body,
      headersTimeout: timeoutMs, bodyTimeout: timeoutMs,
      ...(sub.VerifyCertificate === 'tNO' && { dispatcher: this.insecure }),
    });
    return { status: res.statusCode, text: await res.body.text() };
  }

  private async handshake(sub: Subscription): Promise<void> {
    const token = randomUUID();
    let answer: { status: number; text: string };
    try {
      answer = await this.send(sub, 'GET', { 'x-b1-webhook-token': token, ...this.authHeaders(sub, token) });
    } catch (e) {
      throw validation(`Handshake with ${sub.WebhookURL} failed: ${(e as Error).message}`);
    }
    let challenge: unknown;
    try {
      challenge = (JSON.parse(answer.text) as { Challenge?: unknown }).Challenge;
    } catch {
      challenge = undefined;
    }
    if (answer.status !== 200 || challenge !== token) throw validation(`Handshake with ${sub.WebhookURL} failed: HTTP ${answer.status}, the answer did not return the challenge token`);
  }

  private async flush(id: string, attempt = 1, batch?: Event[]): Promise<void> {
    const sub = this.subscriptions.get(id);
    if (!sub || this.closed) return;
    const events = batch ?? (this.queues.get(id) ?? []).splice(0, Number(this.adminInfo.MessageBatchLimit));
    if (events.length === 0) return;
    const body = JSON.stringify(events.length === 1 ? events[0] : events);
    let status: number | string;
    try {
      status = (await this.send(sub, 'POST', this.authHeaders(sub, this.switches().webhookHmacInput === 'body' ? body : null), body)).status;
    } catch (e) {
      status = (e as { code?: string }).code ?? 'network error';
    }
    this.deliveries.push({ webhookId: id, at: new Date(this.clock.now()).toISOString(), events: events.length, status, attempt });
    if (this.deliveries.length > 1000) this.deliveries.splice(0, 500);
    const retry = typeof status === 'string' || status >= 500 || status === 408 || status === 429;
    if (retry) {
      if (attempt > 5) {
        sub.State = 'Inactive';
        return;
      }
      this.later((2 ** attempt * 1000) / this.clock.timeScale, () => void this.flush(id, attempt + 1, events));
      return;
    }
    if ((this.queues.get(id)?.length ?? 0) > 0) this.later(0, () => void this.flush(id));
  }
}

/** The Messenger requires HTTPS; the sandbox delivers only to loopback, where plain HTTP is allowed too. */
function checkUrl(url: string): void {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw validation(`The sandbox delivers webhooks only to loopback (127.0.0.1 or ::1), not ${u.hostname}`);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw validation('WebhookURL must be an HTTPS address');
}
