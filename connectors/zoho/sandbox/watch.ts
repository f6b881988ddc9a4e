// Notification channels (spec §7): `/crm/v8/actions/watch` enable/list/replace/patch/disable, channels
// that expire silently, and the callbacks Zoho POSTs to `notify_url` (unsigned; channel_id and token
// echoed). Callbacks go to loopback URLs only, and can be dropped on purpose to test polling.
import type { SandboxClock } from '../../kit/sandbox/clock.ts';
import { ZohoError } from './errors.ts';
import { MODULE_BY_NAME } from './modules.ts';
import type { ChangeEvent } from './store.ts';

export interface Channel {
  channel_id: string;
  events: string[];
  expiresAt: number;
  token?: string;
  notify_url: string;
  return_affected_field_values: boolean;
  notify_on_related_action: boolean;
  /** Fields whose edits notify, per module (from `notification_condition`); absent: every edit. */
  editFields?: Map<string, Set<string>>;
  notification_condition?: unknown;
}

export interface Delivery {
  channel_id: string;
  module: string;
  operation: string;
  ids: string[];
  at: number;
  outcome: 'delivered' | 'dropped' | 'failed';
  status?: number;
}

const OPS = ['create', 'edit', 'delete', 'all'];
const HOUR = 3600_000;

const itemError = (code: string, message: string, details: Record<string, unknown>) => ({ code, status: 'error', message, details });

function loopback(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && ['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname);
  } catch {
    return false;
  }
}

/** Collects the field api names of a `notification_condition` (nested groups of field selections). */
function conditionFields(conditions: unknown): Map<string, Set<string>> | undefined {
  if (!Array.isArray(conditions) || !conditions.length) return undefined;
  const out = new Map<string, Set<string>>();
  const walk = (node: unknown, into: Set<string>): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { field?: { api_name?: unknown }; group?: unknown[] };
    if (typeof n.field?.api_name === 'string') into.add(n.field.api_name);
    if (Array.isArray(n.group)) for (const g of n.group) walk(g, into);
  };
  for (const c of conditions as { module?: { api_name?: string }; field_selection?: unknown }[]) {
    const module = c.module?.api_name;
    if (!module) continue;
    const set = out.get(module) ?? new Set<string>();
    walk(c.field_selection, set);
    out.set(module, set);
  }
  return out;
}

export class WatchService {
  readonly channels = new Map<string, Channel>();
  readonly deliveries: Delivery[] = [];
  /** Drop the next N callbacks (admin), on top of the `dropCallbacks` probability. */
  dropNext = 0;
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly apiDomain: () => string,
    private readonly opts: { maxHours: () => number; dropProbability: () => number; offsetFmt: (ms: number) => string; moduleAvailable: (m: string) => boolean; random?: () => number },
  ) {}

  private live(): Channel[] {
    const now = this.clock.now();
    for (const [id, c] of this.channels) if (c.expiresAt <= now) this.channels.delete(id);
    return [...this.channels.values()];
  }

  private resolveExpiry(raw: unknown, fallback: number | undefined): number | { error: object } {
    const now = this.clock.now();
    if (raw === undefined || raw === null) return fallback ?? now + HOUR;
    const ms = typeof raw === 'string' ? Date.parse(raw) : NaN;
    if (Number.isNaN(ms) || ms <= now) return { error: itemError('INVALID_DATA', 'invalid data', { api_name: 'channel_expiry', json_path: '$.watch[0].channel_expiry' }) };
    // Past the maximum, Zoho falls back to one hour (§7.1).
    return ms - now > this.opts.maxHours() * HOUR ? now + HOUR : ms;
  }

  private checkItem(item: Record<string, unknown>, index: number, base?: Channel): Channel | { error: object } {
    const path = (k: string) => `$.watch[${index}].${k}`;
    const channelId = typeof item.channel_id === 'number' || typeof item.channel_id === 'bigint' ? String(item.channel_id) : item.channel_id;
    if (typeof channelId !== 'string' || !/^\d{1,19}$/.test(channelId)) return { error: itemError(channelId === undefined ? 'MANDATORY_NOT_FOUND' : 'INVALID_DATA', channelId === undefined ? 'required field not found' : 'invalid data', { api_name: 'channel_id', json_path: path('channel_id') }) };
    const events = item.events ?? base?.events;
    if (!Array.isArray(events) || !events.length) return { error: itemError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'events', json_path: path('events') }) };
    for (const [i, e] of events.entries()) {
      const [module, op] = typeof e === 'string' ? e.split('.') : [];
      if (!module || !op || !OPS.includes(op) || !MODULE_BY_NAME.has(module) || !this.opts.moduleAvailable(module)) {
        return { error: itemError('INVALID_DATA', 'invalid data', { api_name: 'events', json_path: `${path('events')}[${i}]` }) };
      }
    }
    const notifyUrl = item.notify_url ?? base?.notify_url;
    if (typeof notifyUrl !== 'string') return { error: itemError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'notify_url', json_path: path('notify_url') }) };
    if (!loopback(notifyUrl)) return { error: itemError('INVALID_DATA', 'invalid data (this sandbox delivers callbacks to loopback URLs only)', { api_name: 'notify_url', json_path: path('notify_url') }) };
    const token = item.token ?? base?.token;
    if (token !== undefined && (typeof token !== 'string' || token.length > 50)) return { error: itemError('INVALID_DATA', 'invalid data', { api_name: 'token', json_path: path('token'), maximum_length: 50 }) };
    const expiry = this.resolveExpiry(item.channel_expiry, base?.expiresAt);
    if (typeof expiry !== 'number') return expiry;
    const condition = item.notification_condition ?? base?.notification_condition;
    return {
      channel_id: channelId,
      events: events as string[],
      expiresAt: expiry,
      ...(typeof token === 'string' && { token }),
      notify_url: notifyUrl,
      return_affected_field_values: Boolean(item.return_affected_field_values ?? base?.return_affected_field_values ?? false),
      notify_on_related_action: Boolean(item.notify_on_related_action ?? base?.notify_on_related_action ?? true),
      ...(condition !== undefined && { notification_condition: condition, editFields: conditionFields(condition) }),
    };
  }

  private success(c: Channel, message: string) {
    return {
      code: 'SUCCESS',
      status: 'success',
      message,
      details: {
        events: c.events.map((e) => {
          const module = MODULE_BY_NAME.get(e.split('.')[0] ?? '');
          return { channel_expiry: this.opts.offsetFmt(c.expiresAt), resource_uri: `${this.apiDomain()}/crm/v8/${module?.api_name ?? ''}`, resource_id: module?.id ?? '', resource_name: module?.api_name ?? '', channel_id: c.channel_id };
        }),
      },
    };
  }

  private items(body: unknown): Record<string, unknown>[] {
    const watch = (body as { watch?: unknown } | undefined)?.watch;
    if (!Array.isArray(watch) || !watch.length) throw new ZohoError(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'watch', json_path: '$.watch' });
    return watch.map((w) => (w && typeof w === 'object' ? (w as Record<string, unknown>) : {}));
  }

  private answer(results: { status: string }[], okStatus: number): { status: number; body: unknown } {
    const failed = results.filter((r) => r.status !== 'success').length;
    return { status: failed === 0 ? okStatus : failed === results.length ? 400 : 207, body: { watch: results } };
  }

  enable(body: unknown, okStatus: number): { status: number; body: unknown } {
    this.live();
    const results = this.items(body).map((item, i) => {
      const c = this.checkItem(item, i, this.channels.get(String(item.channel_id)));
      if ('error' in c) return c.error as { status: string };
      this.channels.set(c.channel_id, c);
      return this.success(c, 'Successfully subscribed for actions-watch of the given module');
    });
    return this.answer(results, okStatus);
  }

  /** PUT replaces a channel's details (fields left out are removed); PATCH changes only the given ones. */
  update(body: unknown, replace: boolean): { status: number; body: unknown } {
    this.live();
    const results = this.items(body).map((item, i) => {
      const existing = this.channels.get(String(item.channel_id));
      if (!existing) return itemError('NOT_SUBSCRIBED', 'Not subscribed for actions-watch of the given module', { channel_id: item.channel_id }) as { status: string };
      if (!replace && item._delete_events === true) {
        const drop = new Set(Array.isArray(item.events) ? (item.events as string[]) : []);
        existing.events = existing.events.filter((e) => !drop.has(e));
        if (!existing.events.length) this.channels.delete(existing.channel_id);
        return { code: 'SUCCESS', status: 'success', message: 'Successfully un-subscribed from actions-watch', details: { events: [...drop].map((e) => ({ resource_name: e.split('.')[0], channel_id: existing.channel_id })) } };
      }
      const c = this.checkItem(item, i, replace ? undefined : existing);
      if ('error' in c) return c.error as { status: string };
      this.channels.set(c.channel_id, c);
      return this.success(c, 'Successfully updated the subscribe details');
    });
    return this.answer(results, 200);
  }

  disable(ids: string[]): { status: number; body: unknown } {
    this.live();
    const results = ids.map((id) => {
      if (!this.channels.delete(id)) return itemError('NOT_SUBSCRIBED', 'Not subscribed for actions-watch of the given module', { channel_id: id }) as { status: string };
      return { code: 'SUCCESS', status: 'success', message: 'Successfully removed the subscribe details', details: { channel_id: id } };
    });
    return this.answer(results, 200);
  }

  list(query: URLSearchParams): { status: number; body?: unknown } {
    const channelId = query.get('channel_id');
    const module = query.get('module');
    const perPage = Math.min(200, Number(query.get('per_page') ?? 200) || 200);
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const all = this.live().filter((c) => (!channelId || c.channel_id === channelId) && (!module || c.events.some((e) => e.startsWith(`${module}.`))));
    const slice = all.slice((page - 1) * perPage, page * perPage);
    if (!slice.length) return { status: 204 };
    return {
      status: 200,
      body: {
        watch: slice.map((c) => ({
          notify_on_related_action: c.notify_on_related_action,
          channel_expiry: this.opts.offsetFmt(c.expiresAt),
          resource_uri: `${this.apiDomain()}/crm/v8/${c.events[0]?.split('.')[0] ?? ''}`,
          resource_id: MODULE_BY_NAME.get(c.events[0]?.split('.')[0] ?? '')?.id ?? '',
          resource_name: c.events[0]?.split('.')[0] ?? '',
          channel_id: c.channel_id,
          events: c.events,
          token: c.token ?? null,
          notify_url: c.notify_url,
          return_affected_field_values: c.return_affected_field_values,
          ...(c.notification_condition !== undefined && { notification_condition: c.notification_condition }),
        })),
        info: { per_page: perPage, count: slice.length, page, more_records: all.length > page * perPage },
      },
    };
  }

  /** Fans a change out to every live channel watching it. */
  onChange(e: ChangeEvent): void {
    const op = e.operation === 'insert' ? 'create' : e.operation === 'update' ? 'edit' : 'delete';
    for (const c of this.live()) {
      if (!c.events.includes(`${e.module}.${op}`) && !c.events.includes(`${e.module}.all`)) continue;
      let changes = e.changes;
      const only = op === 'edit' ? c.editFields?.get(e.module) : undefined;
      if (only) changes = changes.filter((ch) => Object.keys(ch.fields).some((f) => only.has(f)));
      if (!changes.length) continue;
      this.deliver(c, e.module, e.operation, changes);
    }
  }

  private deliver(c: Channel, module: string, operation: string, changes: ChangeEvent['changes']): void {
    const url = new URL(c.notify_url);
    const ids = changes.map((ch) => ch.id);
    const payload = {
      server_time: this.clock.now(),
      query_params: Object.fromEntries(url.searchParams),
      module,
      resource_uri: `${this.apiDomain()}/crm/v8/${module}`,
      ids,
      ...(operation === 'update' && { affected_fields: changes.map((ch) => ({ [ch.id]: Object.keys(ch.fields) })) }),
      ...(c.return_affected_field_values && operation !== 'delete' && { affected_values: changes.map((ch) => ({ record_id: ch.id, values: ch.fields })) }),
      operation,
      channel_id: c.channel_id,
      ...(c.token !== undefined && { token: c.token }),
    };
    const log: Delivery = { channel_id: c.channel_id, module, operation, ids, at: this.clock.now(), outcome: 'delivered' };
    this.deliveries.push(log);
    if (this.dropNext > 0 || (this.opts.random ?? Math.random)() < this.opts.dropProbability()) {
      if (this.dropNext > 0) this.dropNext--;
      log.outcome = 'dropped';
      return;
    }
    const p = fetch(c.notify_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload), signal: AbortSignal.timeout(10_000) })
      .then(async (res) => {
        log.status = res.status;
        await res.arrayBuffer();
        if (res.status >= 300) log.outcome = 'failed';
      })
      .catch(() => {
        log.outcome = 'failed';
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Waits for in-flight callbacks (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
