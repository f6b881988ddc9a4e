// The v8 route table: path templates, the scope each needs, which calls count against the
// sub-concurrency cap, and their handlers. Fixed paths come before `/{module}/{id}`.
import { MODULE_BY_NAME, type ModuleDef } from './modules.ts';
import { currentUser, fieldById, fields, modules, org, userById } from './routes-meta.ts';
import {
  countRecords, deleteRecords, deletedRecords, getRecord, insertRecords, listRecords, searchRecords, updateRecords, upsertRecords,
} from './routes-records.ts';
import type { RouteCtx, RouteResult } from './route-types.ts';
import { relatedLists, relatedRecords } from './related.ts';
import { coqlCost, coqlQuery } from './coql-query.ts';

type Op = 'READ' | 'CREATE' | 'UPDATE' | 'DELETE';
export interface Scope {
  group: string;
  sub?: string;
  op: Op;
}

export interface Route {
  method: string;
  template: string;
  scope(params: Record<string, string>, query: URLSearchParams): Scope;
  /** Heavy calls share the sub-concurrency cap (§6.2): sorted lists, search, writes of > 10 records. */
  heavy?(query: URLSearchParams, body: unknown): boolean;
  /** Credits the call costs (1 when absent). */
  cost?(body: unknown): number;
  handler(ctx: RouteCtx, params: Record<string, string>): RouteResult;
}

const OP: Record<string, Op> = { GET: 'READ', POST: 'CREATE', PUT: 'UPDATE', PATCH: 'UPDATE', DELETE: 'DELETE' };
const moduleScope = (op?: Op) => (p: Record<string, string>, _q: URLSearchParams, method = 'GET'): Scope => ({ group: 'modules', sub: (p.module ?? '').replace(/_/g, '').toLowerCase(), op: op ?? OP[method] ?? 'READ' });
const bigWrite = (_q: URLSearchParams, body: unknown): boolean => ((body as { data?: unknown[] } | undefined)?.data?.length ?? 0) > 10;
const M = '(?<module>[A-Z][A-Za-z_]*)';
const ID = '(?<id>[^/]+)';

interface Def extends Omit<Route, 'scope'> {
  re: RegExp;
  scope(params: Record<string, string>, query: URLSearchParams, method?: string): Scope;
}

const module = (template: string): RegExp => new RegExp(`^/crm/v8/${template}/?$`);

const DEFS: Def[] = [
  { method: 'GET', template: '/crm/v8/users', re: module('users'), scope: () => ({ group: 'users', op: 'READ' }), handler: (c) => currentUser(c) },
  { method: 'GET', template: '/crm/v8/users/{id}', re: module('users/(?<id>\\d+)'), scope: () => ({ group: 'users', op: 'READ' }), handler: (c, p) => userById(c, p.id ?? '') },
  { method: 'GET', template: '/crm/v8/org', re: module('org'), scope: () => ({ group: 'org', op: 'READ' }), handler: (c) => org(c) },
  { method: 'GET', template: '/crm/v8/settings/modules', re: module('settings/modules'), scope: () => ({ group: 'settings', sub: 'modules', op: 'READ' }), handler: (c) => modules(c) },
  { method: 'GET', template: '/crm/v8/settings/modules/{module}', re: module(`settings/modules/(?<name>[^/]+)`), scope: () => ({ group: 'settings', sub: 'modules', op: 'READ' }), handler: (c, p) => modules(c, p.name) },
  { method: 'GET', template: '/crm/v8/settings/fields', re: module('settings/fields'), scope: () => ({ group: 'settings', sub: 'fields', op: 'READ' }), handler: (c) => fields(c) },
  { method: 'GET', template: '/crm/v8/settings/fields/{id}', re: module('settings/fields/(?<id>\\d+)'), scope: () => ({ group: 'settings', sub: 'fields', op: 'READ' }), handler: (c, p) => fieldById(c, p.id ?? '') },
  { method: 'GET', template: '/crm/v8/settings/related_lists', re: module('settings/related_lists'), scope: () => ({ group: 'settings', sub: 'related_lists', op: 'READ' }), handler: (c) => relatedLists(c) },
  { method: 'GET', template: '/crm/v8/settings/related_lists/{id}', re: module('settings/related_lists/(?<id>\\d+)'), scope: () => ({ group: 'settings', sub: 'related_lists', op: 'READ' }), handler: (c, p) => relatedLists(c, p.id ?? '') },
  { method: 'GET', template: '/crm/v8/actions/watch', re: module('actions/watch'), scope: () => ({ group: 'notifications', op: 'READ' }), handler: (c) => c.env.watch.list(c.query) },
  { method: 'POST', template: '/crm/v8/actions/watch', re: module('actions/watch'), scope: () => ({ group: 'notifications', op: 'CREATE' }), handler: (c) => c.env.watch.enable(c.body, c.env.switches.watchEnableStatus) },
  { method: 'PUT', template: '/crm/v8/actions/watch', re: module('actions/watch'), scope: () => ({ group: 'notifications', op: 'UPDATE' }), handler: (c) => c.env.watch.update(c.body, true) },
  { method: 'PATCH', template: '/crm/v8/actions/watch', re: module('actions/watch'), scope: () => ({ group: 'notifications', op: 'UPDATE' }), handler: (c) => c.env.watch.update(c.body, false) },
  {
    method: 'DELETE', template: '/crm/v8/actions/watch', re: module('actions/watch'), scope: () => ({ group: 'notifications', op: 'DELETE' }),
    handler: (c) => c.env.watch.disable((c.query.get('channel_ids') ?? '').split(',').filter(Boolean)),
  },
  { method: 'POST', template: '/crm/v8/coql', re: module('coql'), scope: () => ({ group: 'coql', op: 'READ' }), heavy: () => true, cost: coqlCost, handler: (c) => coqlQuery(c) },
  { method: 'GET', template: '/crm/v8/{module}/deleted', re: module(`${M}/deleted`), scope: moduleScope('READ'), handler: (c, p) => deletedRecords(c, mod(p)) },
  { method: 'GET', template: '/crm/v8/{module}/search', re: module(`${M}/search`), scope: moduleScope('READ'), heavy: () => true, handler: (c, p) => searchRecords(c, mod(p)) },
  { method: 'GET', template: '/crm/v8/{module}/actions/count', re: module(`${M}/actions/count`), scope: moduleScope('READ'), handler: (c, p) => countRecords(c, mod(p)) },
  { method: 'POST', template: '/crm/v8/{module}/upsert', re: module(`${M}/upsert`), scope: moduleScope('CREATE'), heavy: bigWrite, handler: (c, p) => upsertRecords(c, mod(p)) },
  { method: 'GET', template: '/crm/v8/{module}', re: module(M), scope: moduleScope(), heavy: (q) => q.has('sort_by') || q.has('cvid'), handler: (c, p) => listRecords(c, mod(p)) },
  { method: 'POST', template: '/crm/v8/{module}', re: module(M), scope: moduleScope(), heavy: bigWrite, handler: (c, p) => insertRecords(c, mod(p)) },
  { method: 'PUT', template: '/crm/v8/{module}', re: module(M), scope: moduleScope(), heavy: bigWrite, handler: (c, p) => updateRecords(c, mod(p)) },
  { method: 'DELETE', template: '/crm/v8/{module}', re: module(M), scope: moduleScope(), handler: (c, p) => deleteRecords(c, mod(p)) },
  { method: 'GET', template: '/crm/v8/{module}/{id}/{related_list}', re: module(`${M}/${ID}/(?<related>[A-Z][A-Za-z_]*)`), scope: moduleScope('READ'), handler: (c, p) => relatedRecords(c, mod(p), p.id ?? '', p.related ?? '') },
  { method: 'GET', template: '/crm/v8/{module}/{id}', re: module(`${M}/${ID}`), scope: moduleScope(), handler: (c, p) => getRecord(c, mod(p), p.id ?? '') },
  { method: 'PUT', template: '/crm/v8/{module}/{id}', re: module(`${M}/${ID}`), scope: moduleScope(), handler: (c, p) => updateRecords(c, mod(p), p.id) },
  { method: 'DELETE', template: '/crm/v8/{module}/{id}', re: module(`${M}/${ID}`), scope: moduleScope(), handler: (c, p) => deleteRecords(c, mod(p), p.id) },
];

function mod(p: Record<string, string>): ModuleDef {
  const m = MODULE_BY_NAME.get(p.module ?? '');
  if (!m) throw new Error(`module ${p.module ?? ''} not checked before the handler`);
  return m;
}

/** The route for a request; `route` undefined when the path exists but not for this method (405). */
export function matchRoute(method: string, path: string): { route?: Route; template: string; params: Record<string, string> } | undefined {
  let pathOnly: { template: string; params: Record<string, string> } | undefined;
  for (const d of DEFS) {
    const m = d.re.exec(path);
    if (!m) continue;
    const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    if (d.method !== method) {
      pathOnly ??= { template: d.template, params };
      continue;
    }
    const route: Route = { ...d, scope: (p, q) => d.scope(p, q, method) };
    return { route, template: d.template, params };
  }
  return pathOnly;
}
