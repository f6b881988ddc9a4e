// The admin API under `/__sandbox/`, the same verbs for every system (loopback, no auth, never counted,
// faulted or rate-limited). What a tester does at the vendor's desk, plus the sandbox's own controls:
//   GET    info                      system facts, switches, clock, faults
//   POST   reset                     back to the start state (what "start" means is the sandbox's)
//   POST   seed                      {records:N, seed?} generated, or the sandbox's explicit data
//   GET    records/:type?limit&after raw stored records; GET records/:type/:id one
//   PATCH  records/:type/:id         {changes} (or {properties}) — edit as a user of the system would
//   DELETE records/:type/:id         delete as a user would
//   GET    requests                  request counters; POST requests/reset  (aliases: counters, counters/reset)
//   GET    faults                    {spec, pending}; POST (or PUT) faults {spec?, once?:[{fault,method?,resource?,times?}], clear?}
//   GET    switches                  ; POST (or PUT) switches {name: value}
//   GET    clock                     {now, today, timeScale, offsetMs}; POST clock {today?: day|null, advanceMs?, timeScale?}
//   POST   sessions/expire           expire every session or token (sandboxes with sessions)
// plus each sandbox's own routes (HubSpot: tokens, webhooks; Sage 300: post-batch, pay…).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SandboxClock } from './clock.ts';
import type { RequestCounters } from './counters.ts';
import { faultChangeSchema, type FaultPlan } from './faults.ts';
import { ADMIN_PREFIX, readBody } from './server.ts';

/** A handler's answer with a status other than 200 (a plain return value is a 200 body). */
export class AdminAnswer {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}

export interface AdminRequest {
  body: unknown;
  query: URLSearchParams;
  params: Record<string, string>;
}

/**
 * A sandbox route: `(request) → body | AdminAnswer`, or a promise of one (a sandbox whose store is a
 * database answers after its statements ran); throwing an Error answers 400 (or the error's own `status`).
 */
export type AdminHandler = (request: AdminRequest) => unknown;

export interface RecordPage {
  total?: number;
  results: unknown[];
  /** Pass as `after` for the next page; absent on the last. */
  next?: string;
}

/** Raw access to the sandbox's stored records, by the system's own type names and ids. */
export interface AdminRecords {
  types(): string[];
  /** `query` carries any other parameters of the call (e.g. HubSpot's `archived=true`). */
  list(type: string, page: { limit: number; after: string | null; query?: URLSearchParams }): RecordPage;
  get(type: string, id: string): unknown;
  /** Changes the record as a user of the system would (modified stamps, webhooks, change history). */
  edit(type: string, id: string, changes: Record<string, unknown>): unknown;
  delete(type: string, id: string): void;
}

export interface AdminDefinition {
  system: string;
  counters: RequestCounters;
  faults: FaultPlan;
  clock: SandboxClock;
  info(): Record<string, unknown>;
  reset(): unknown;
  seed(body: unknown): unknown;
  switches: { get(): unknown; set(change: Record<string, unknown>): unknown };
  records?: AdminRecords;
  /** Called after the admin API changed the clock (rate windows, token lifetimes follow the time scale). */
  onClockChange?(): void;
  expireSessions?(): number;
  /** `METHOD path` (path relative to `/__sandbox/`, `:name` segments are params) → handler. */
  routes?: Record<string, AdminHandler>;
}

export class AdminError extends Error {
  override name = 'AdminError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const clockChange = z.object({
  today: z.string().nullable().optional(),
  advanceMs: z.number().finite().optional(),
  timeScale: z.number().positive().optional(),
});
const recordChange = z.union([z.object({ changes: z.record(z.string(), z.unknown()) }), z.object({ properties: z.record(z.string(), z.unknown()) })]);

interface CompiledRoute {
  method: string;
  re: RegExp;
  keys: string[];
  handler: AdminHandler;
  label: string;
}

function compile(label: string, handler: AdminHandler): CompiledRoute {
  const [method = 'GET', path = ''] = label.split(' ');
  const keys: string[] = [];
  const re = new RegExp(`^${path.replace(/^\//, '').replace(/:([a-zA-Z]+)/g, (_m, k: string) => (keys.push(k), '([^/]+)'))}$`);
  return { method: method.toUpperCase(), re, keys, handler, label };
}

/** Zod-parses an admin body with an error that names the route and the problem. */
export function adminBody<S extends z.ZodType>(schema: S, body: unknown, route: string): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new AdminError(400, `Bad body for ${route}: ${result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`);
  return result.data;
}

export class AdminApi {
  private readonly routes: CompiledRoute[];

  constructor(private readonly def: AdminDefinition) {
    this.routes = Object.entries({ ...this.standardRoutes(), ...def.routes }).map(([label, handler]) => compile(label, handler));
  }

  private records(): AdminRecords {
    if (!this.def.records) throw new AdminError(404, `The ${this.def.system} sandbox has no records admin.`);
    return this.def.records;
  }

  private standardRoutes(): Record<string, AdminHandler> {
    const d = this.def;
    const counters = (): unknown => d.counters.get();
    const resetCounters = (): unknown => (d.counters.reset(), { ok: true });
    const faults = ({ body }: AdminRequest): unknown => {
      d.faults.apply(adminBody(faultChangeSchema, body, 'faults'));
      return { spec: d.faults.spec, pending: d.faults.pending() };
    };
    const switches = ({ body }: AdminRequest): unknown => d.switches.set(adminBody(z.record(z.string(), z.unknown()), body, 'switches'));
    const clock = ({ body }: AdminRequest): unknown => {
      const change = adminBody(clockChange, body, 'clock');
      if (change.timeScale !== undefined) d.clock.timeScale = change.timeScale;
      if (change.advanceMs !== undefined) d.clock.advance(change.advanceMs);
      if (change.today !== undefined) d.clock.setToday(change.today);
      d.onClockChange?.();
      return d.clock.state();
    };
    return {
      'GET info': () => ({ system: d.system, ...d.info(), switches: d.switches.get(), clock: d.clock.state(), faults: { spec: d.faults.spec, pending: d.faults.pending() } }),
      'POST reset': () => {
        const out = d.reset();
        d.counters.reset();
        return out ?? { ok: true };
      },
      'POST seed': ({ body }) => d.seed(body ?? {}),
      'GET types': () => this.records().types(),
      'GET records/:type': ({ params, query }) =>
        this.records().list(params.type!, { limit: Math.min(10_000, Number(query.get('limit') ?? 1000)), after: query.get('after'), query }),
      'GET records/:type/:id': ({ params }) => this.records().get(params.type!, params.id!) ?? new AdminAnswer(404, { message: `No ${params.type} record ${params.id}.` }),
      'PATCH records/:type/:id': ({ params, body }) => {
        const change = adminBody(recordChange, body, 'records');
        return this.records().edit(params.type!, params.id!, 'changes' in change ? change.changes : change.properties);
      },
      'DELETE records/:type/:id': ({ params }) => (this.records().delete(params.type!, params.id!), { ok: true }),
      'GET requests': counters,
      'POST requests/reset': resetCounters,
      'GET counters': counters,
      'POST counters/reset': resetCounters,
      'POST counters': resetCounters,
      'GET faults': () => ({ spec: d.faults.spec, pending: d.faults.pending() }),
      'POST faults': faults,
      'PUT faults': faults,
      'GET switches': () => d.switches.get(),
      'POST switches': switches,
      'PUT switches': switches,
      'GET clock': () => d.clock.state(),
      'POST clock': clock,
      'POST sessions/expire': () => {
        if (!d.expireSessions) throw new AdminError(404, `The ${d.system} sandbox has no sessions to expire.`);
        return { expired: d.expireSessions() };
      },
    };
  }

  /** Answers one admin call in-process (the HTTP route calls this too). */
  async call(method: string, path: string, body?: unknown, query = new URLSearchParams()): Promise<{ status: number; body: unknown }> {
    const relative = path.replace(new RegExp(`^${ADMIN_PREFIX}/?`), '').replace(/\/$/, '');
    const verb = method.toUpperCase();
    for (const r of this.routes) {
      if (r.method !== verb) continue;
      const m = r.re.exec(relative);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1] ?? '')));
      try {
        const out: unknown = await r.handler({ body, query, params });
        return out instanceof AdminAnswer ? { status: out.status, body: out.body } : { status: 200, body: out };
      } catch (e) {
        const status = typeof (e as { status?: unknown }).status === 'number' ? (e as { status: number }).status : 400;
        return { status: status >= 400 && status < 600 ? status : 400, body: { message: e instanceof Error ? e.message : String(e) } };
      }
    }
    return { status: 404, body: { message: `No ${this.def.system} sandbox admin route ${verb} /${relative}. Routes: ${this.routes.map((r) => r.label).join(', ')}.` } };
  }

  /** The HTTP side: JSON in, JSON out. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let answer: { status: number; body: unknown };
    try {
      const text = await readBody(req);
      let body: unknown;
      try {
        body = text.trim() ? JSON.parse(text) : undefined;
      } catch {
        throw new AdminError(400, `The admin body for ${req.method} ${url.pathname} is not valid JSON.`);
      }
      answer = await this.call(req.method ?? 'GET', url.pathname, body, url.searchParams);
    } catch (e) {
      answer = { status: e instanceof AdminError ? e.status : 400, body: { message: e instanceof Error ? e.message : String(e) } };
    }
    if (res.destroyed) return;
    if (answer.status === 204 || answer.body === undefined) {
      res.writeHead(answer.status);
      res.end();
      return;
    }
    const text = JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
    res.end(text);
  }
}
