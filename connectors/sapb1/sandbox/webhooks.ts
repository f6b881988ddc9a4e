// The Webhook Messenger of Service Layer 10.0 FP 2602+ (spec §10.1), v2 only: the company's webhook
// settings (CompanyService_GetAdminInfo / _UpdateAdminInfo, EnableWebhook off by default), the event
// catalog, EventSubscriptions (POST/GET/PATCH/DELETE, bound Handshake/Resume/Pause/Replay) and delivery:
// CloudEvents-like notifications carrying only the key, batched (an array; a single event as an object,
// at most MessageBatchLimit), authenticated per AuthenticationType, retried on 5xx/408/429/network errors
// and the subscription set Inactive after the last retry. Handshake: GET with X-B1-Webhook-Token, the
// receiver must answer {"Challenge": token} — at creation, on Resume, on Replay and on demand.
// Missed events — those of an Inactive (paused or failed) webhook and a batch whose retries ran out — are
// kept for MessageTTL hours: Resume resends them when WorkMode is Replay (Standard drops them); Replay, only
// from Inactive and only with Handshake on, resends them whatever the mode and activates the webhook.
// Unverified in the spec, so switches: whether a notification carries the HMAC of its body at all
// (`webhookHmacInput`: body | none — the guide specifies only the handshake's), how it is encoded
// (`webhookHmacEncoding`), and which retry schedule holds (`webhookRetryPolicy`: the guide's FAQ — five
// retries after 2, 4, 8, 16, 32 s — or the company's WebhookRetryTimes retries from WebhookRetryInterval s,
// doubling). The sandbox delivers only to loopback (plain HTTP allowed there); the real Messenger requires HTTPS.
import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { z } from 'zod';
import type { SandboxClock } from '../../kit/sandbox/clock.ts';
import { SlError, validation } from './errors.ts';
import type { Change } from './state.ts';
import { EVENT_CATALOG, EventLog, inCatalog, notificationOf, type Notification } from './webhook-events.ts';
import { OAuthTokens, oauthCred, type OAuthCred } from './webhook-oauth.ts';

const fields = {
  WebhookID: z.string().min(1).max(50),
  WebhookURL: z.string().url(),
  AuthenticationType: z.enum(['None', 'Basic', 'HMAC', 'OAuth']),
  AuthenticationCred: z.string(),
  Handshake: z.enum(['tYES', 'tNO']),
  VerifyCertificate: z.enum(['tYES', 'tNO']),
  State: z.enum(['Active', 'Inactive', 'Exceptional']),
  WorkMode: z.enum(['Standard', 'Replay']),
  EventCollection: z.array(z.object({ BusinessObject: z.string(), TransactionType: z.string() })).min(1),
};
const subscriptionSchema = z.object({
  ...fields,
  AuthenticationType: fields.AuthenticationType.default('HMAC'),
  AuthenticationCred: fields.AuthenticationCred.optional(),
  Handshake: fields.Handshake.default('tYES'),
  VerifyCertificate: fields.VerifyCertificate.default('tYES'),
  State: fields.State.default('Active'),
  WorkMode: fields.WorkMode.default('Standard'),
});
/** A PATCH changes only what it names: no defaults fill in what it leaves out. */
const patchSchema = z.object(fields).partial();
export type Subscription = z.infer<typeof subscriptionSchema>;

const hmacCred = z.object({ Key: z.string().min(1), Algorithm: z.enum(['HMACSha256', 'HMACSha384', 'HMACSha512']).default('HMACSha256') });
const basicCred = z.object({ Username: z.string(), Password: z.string() });

export interface MessengerSwitches {
  webhookHmacInput: 'body' | 'none';
  webhookHmacEncoding: 'hex' | 'base64';
  webhookFlushMs: number;
  webhookRetryPolicy: 'guideFaq' | 'adminInfo';
  webhookOAuthClientAuth: 'post' | 'basic';
  timeZone: string;
}

const yesNo = z.enum(['tYES', 'tNO']);
const positive = z.number().int().positive();
/** The webhook settings of AdminInfo; other company settings pass through untouched. */
const adminInfoSchema = z.object({
  EnableWebhook: yesNo, MaxNumberOfWebHooks: positive, MessageTTL: positive, WebhookRetryTimes: z.number().int().min(0),
  WebhookRetryInterval: positive, WebhookRequestTimeout: positive, MessageBatchLimit: positive, MessageRetentionTime: positive,
}).partial().passthrough();

export interface Delivery {
  webhookId: string;
  at: string;
  events: number;
  status: number | string;
  attempt: number;
}


export class WebhookMessenger {
  adminInfo: Record<string, unknown> = {
    EnableWebhook: 'tNO', MaxNumberOfWebHooks: 16, MessageTTL: 24, WebhookRetryTimes: 3, WebhookRetryInterval: 2,
    WebhookRequestTimeout: 10, MessageBatchLimit: 1024, MessageRetentionTime: 30,
  };
  readonly subscriptions = new Map<string, Subscription>();
  readonly deliveries: Delivery[] = [];
  readonly log = new EventLog();
  private readonly queues = new Map<string, Notification[]>();
  /** Per webhook, what it missed while Inactive or when its retries ran out, oldest first. */
  private readonly missed = new Map<string, Notification[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly insecure = new Agent({ connect: { rejectUnauthorized: false } });
  private readonly oauth: OAuthTokens;
  private closed = false;

  constructor(
    private readonly clock: SandboxClock,
    private readonly companyDB: string,
    private readonly switches: () => MessengerSwitches,
  ) {
    this.oauth = new OAuthTokens(clock);
  }

  catalog(): unknown[] {
    return Object.entries(EVENT_CATALOG).map(([bo, t]) => ({ BusinessObject: bo, ObjectType: t.type, TransactionTypes: t.transactions }));
  }

  updateAdminInfo(body: Record<string, unknown>): void {
    const info = z.object({ AdminInfo: adminInfoSchema }).safeParse(body);
    if (!info.success) throw validation(`Invalid AdminInfo: ${info.error.issues.map((i) => `${i.path.slice(1).join('.')}: ${i.message}`).join('; ')}`);
    this.adminInfo = { ...this.adminInfo, ...info.data.AdminInfo };
  }

  /** EventNotifications, the read-only delivery log. */
  logRows(): Record<string, unknown>[] {
    return this.log.rows(this.clock.now(), Number(this.adminInfo.MessageRetentionTime), this.companyDB, this.switches().timeZone);
  }

  async create(body: Record<string, unknown>): Promise<Subscription> {
    if (this.adminInfo.EnableWebhook !== 'tYES') throw new SlError(400, -1, 'Webhook is not enabled for this company; enable it with CompanyService_UpdateAdminInfo');
    const parsed = subscriptionSchema.safeParse(body);
    if (!parsed.success) throw validation(`Invalid event subscription: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const sub = parsed.data;
    if (this.subscriptions.has(sub.WebhookID)) throw new SlError(400, -10, `WebhookID '${sub.WebhookID}' already exists`);
    if ([...this.subscriptions.values()].some((s) => s.WebhookURL === sub.WebhookURL)) throw validation(`WebhookURL '${sub.WebhookURL}' is already used by another webhook`);
    if (this.subscriptions.size >= Number(this.adminInfo.MaxNumberOfWebHooks)) throw validation(`The company allows at most ${String(this.adminInfo.MaxNumberOfWebHooks)} webhooks`);
    this.check(sub);
    if (sub.Handshake === 'tYES') await this.handshake(sub);
    this.subscriptions.set(sub.WebhookID, sub);
    return sub;
  }

  get(id: string): Subscription {
    const sub = this.subscriptions.get(id);
    if (!sub) throw new SlError(404, -2028, 'No matching records found (ODBC -2028)');
    return sub;
  }

  /** A PATCH adds to EventCollection, or replaces it with B1S-ReplaceCollectionsOnPatch: true; all checked first. */
  patch(id: string, body: Record<string, unknown>, replaceCollection: boolean): void {
    const sub = this.get(id);
    const parsed = patchSchema.safeParse(body);
    if (!parsed.success) throw validation(`Invalid event subscription: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const { EventCollection, WebhookID, ...rest } = parsed.data;
    if (WebhookID !== undefined && WebhookID !== sub.WebhookID) throw validation('WebhookID cannot be changed');
    const collection = !EventCollection ? sub.EventCollection : replaceCollection ? EventCollection : [...sub.EventCollection, ...EventCollection];
    const next: Subscription = { ...sub, ...rest, EventCollection: collection.filter((e, i) => collection.findIndex((o) => o.BusinessObject === e.BusinessObject && o.TransactionType === e.TransactionType) === i) };
    this.check(next);
    Object.assign(sub, next);
  }

  remove(id: string): void {
    this.get(id);
    this.subscriptions.delete(id);
    this.queues.delete(id);
    this.missed.delete(id);
  }

  async action(id: string, name: string): Promise<void> {
    const sub = this.get(id);
    switch (name) {
      case 'Pause':
        sub.State = 'Inactive';
        return;
      case 'Handshake':
        return this.handshake(sub);
      case 'Resume':
        if (sub.Handshake === 'tYES') await this.handshake(sub);
        sub.State = 'Active';
        if (sub.WorkMode === 'Replay') this.resend(sub, false);
        else this.drop(id, this.missed.get(id) ?? []);
        return;
      case 'Replay':
        if (sub.State !== 'Inactive') throw validation(`Replay is only possible for an Inactive webhook; '${id}' is ${sub.State}`);
        if (sub.Handshake !== 'tYES') throw validation(`Replay needs a webhook with Handshake = tYES; '${id}' has none`);
        await this.handshake(sub);
        sub.State = 'Active';
        this.resend(sub, true);
        return;
      default:
        throw new SlError(404, -1000, `Action '${name}' is not bound to 'EventSubscription'`);
    }
  }

  /** A change in the company: queued for every active subscription to it (kept as missed for inactive ones), delivered after a short batching delay. */
  onChange(change: Change): void {
    if (this.adminInfo.EnableWebhook !== 'tYES' || this.closed) return;
    const targets = [...this.subscriptions.values()].filter((s) => s.State !== 'Exceptional' && s.EventCollection.some((e) => e.BusinessObject === change.set && e.TransactionType === change.transaction));
    if (!targets.length) return;
    const event = notificationOf(change, this.companyDB, this.clock.now());
    this.log.add(event, change, this.clock.now(), targets.map((s) => s.WebhookID));
    for (const sub of targets) {
      if (sub.State === 'Active') this.enqueue(sub.WebhookID, [event]);
      else this.keepMissed(sub.WebhookID, [event]);
    }
  }

  private enqueue(id: string, events: Notification[]): void {
    const queue = this.queues.get(id) ?? [];
    if (queue.length === 0) this.later(this.switches().webhookFlushMs, () => void this.flush(id));
    queue.push(...events);
    this.queues.set(id, queue);
  }

  private keepMissed(id: string, events: Notification[]): void {
    this.missed.set(id, [...(this.missed.get(id) ?? []), ...events]);
  }

  /** Missed events that will never be sent: the log says Failed for this webhook. */
  private drop(id: string, events: Notification[]): void {
    this.log.mark(events, id, 'Failed');
    this.missed.delete(id);
  }

  /** Queues the missed events still within MessageTTL hours (older ones are dropped). */
  private resend(sub: Subscription, replayed: boolean): void {
    const oldest = this.clock.now() - Number(this.adminInfo.MessageTTL) * 3_600_000;
    const missed = this.missed.get(sub.WebhookID) ?? [];
    const events = missed.filter((e) => Date.parse(e.time) >= oldest);
    this.drop(sub.WebhookID, missed.filter((e) => !events.includes(e)));
    if (!events.length) return;
    if (replayed) this.log.mark(events, sub.WebhookID, 'New', true);
    this.enqueue(sub.WebhookID, events);
  }

  /** Ms before retry `attempt` (the first retry is attempt 1), or undefined when no retry is left. */
  private retryDelay(attempt: number): number | undefined {
    if (this.switches().webhookRetryPolicy === 'guideFaq') return attempt <= 5 ? 2 ** attempt * 1000 : undefined;
    if (attempt > Number(this.adminInfo.WebhookRetryTimes)) return undefined;
    return Number(this.adminInfo.WebhookRetryInterval) * 2 ** (attempt - 1) * 1000;
  }

  /** What every subscription must satisfy, at creation and after a PATCH. */
  private check(sub: Subscription): void {
    if ([...this.subscriptions.values()].some((s) => s.WebhookID !== sub.WebhookID && s.WebhookURL === sub.WebhookURL)) throw validation(`WebhookURL '${sub.WebhookURL}' is already used by another webhook`);
    checkUrl(sub.WebhookURL);
    this.credentials(sub);
    const unknown = sub.EventCollection.find((e) => !inCatalog(e));
    if (unknown) throw validation(`Event ${unknown.BusinessObject}.${unknown.TransactionType} is not in the event catalog`);
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

  private credentials(sub: Subscription): { kind: 'none' } | { kind: 'basic'; header: string } | { kind: 'hmac'; key: string; algorithm: string } | { kind: 'oauth'; cred: OAuthCred } {
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
    if (sub.AuthenticationType === 'OAuth') {
      const c = oauthCred.safeParse(raw());
      if (!c.success) throw validation('AuthenticationCred for OAuth needs token_endpoint, client_id, client_secret and grant_type "client_credentials"');
      checkUrl(c.data.token_endpoint);
      return { kind: 'oauth', cred: c.data };
    }
    const c = hmacCred.safeParse(raw());
    if (!c.success) throw validation('AuthenticationCred for HMAC needs Key (and Algorithm HMACSha256/384/512)');
    return { kind: 'hmac', key: c.data.Key, algorithm: c.data.Algorithm.replace('HMACSha', 'sha') };
  }

  private sign(key: string, algorithm: string, input: string): string {
    return createHmac(algorithm, key).update(input).digest(this.switches().webhookHmacEncoding);
  }

  /** The headers AuthenticationType asks for; `signed` null: an HMAC subscription's request goes unsigned. */
  private async authHeaders(sub: Subscription, signed: string | null): Promise<Record<string, string>> {
    const c = this.credentials(sub);
    if (c.kind === 'basic') return { authorization: c.header };
    if (c.kind === 'oauth') return { authorization: `Bearer ${await this.oauth.bearer(c.cred, this.switches().webhookOAuthClientAuth, Number(this.adminInfo.WebhookRequestTimeout) * 1000)}` };
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
      answer = await this.send(sub, 'GET', { 'x-b1-webhook-token': token, ...(await this.authHeaders(sub, token)) });
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

  private async flush(id: string, attempt = 1, batch?: Notification[]): Promise<void> {
    const sub = this.subscriptions.get(id);
    if (!sub || this.closed) return;
    if (sub.State !== 'Active') {
      // Paused while events waited: they are missed, not lost.
      this.keepMissed(id, [...(batch ?? []), ...(this.queues.get(id) ?? [])]);
      this.queues.delete(id);
      return;
    }
    const events = batch ?? (this.queues.get(id) ?? []).splice(0, Number(this.adminInfo.MessageBatchLimit));
    if (events.length === 0) return;
    const body = JSON.stringify(events.length === 1 ? events[0] : events);
    let status: number | string;
    try {
      status = (await this.send(sub, 'POST', await this.authHeaders(sub, this.switches().webhookHmacInput === 'body' ? body : null), body)).status;
    } catch (e) {
      status = (e as { code?: string }).code ?? 'network error';
    }
    this.deliveries.push({ webhookId: id, at: new Date(this.clock.now()).toISOString(), events: events.length, status, attempt });
    if (this.deliveries.length > 1000) this.deliveries.splice(0, 500);
    const retry = typeof status === 'string' || status >= 500 || status === 408 || status === 429;
    if (retry) {
      const delay = this.retryDelay(attempt);
      if (delay === undefined) {
        sub.State = 'Inactive';
        this.log.mark(events, id, 'Failed');
        this.keepMissed(id, [...events, ...(this.queues.get(id) ?? [])]);
        this.queues.delete(id);
        return;
      }
      this.later(delay / this.clock.timeScale, () => void this.flush(id, attempt + 1, events));
      return;
    }
    // Any other answer (2xx, or a 4xx the Messenger does not retry) ends the event's delivery.
    this.log.mark(events, id, typeof status === 'number' && status >= 200 && status < 300 ? 'Delivered' : 'Failed');
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
