// The entity-set verbs (spec §3.2, §8.1): collection and entry GETs, POST (201 + the stored entity),
// PUT/PATCH (204, or 200 + entity by switch), DELETE (204), process/template calls, 405 for verbs a
// resource does not allow.
import { REQUEST_TIMED_OUT_HTML, SageError } from './errors.ts';
import { parseKey } from './keys.ts';
import { MODELS, modelOf, type ResourceDef } from './models.ts';
import { nextLinkQuery, parseQuery, project, runQuery } from './odata-query.ts';
import { postBatch } from './posting.ts';
import { blankRow } from './records.ts';
import type { Responder } from './respond.ts';
import type { SandboxState } from './state.ts';
import type { Switches } from './switches.ts';

export interface RouteContext {
  state: SandboxState;
  switches: Switches;
  r: Responder;
  method: string;
  search: string;
  /** `http://host/Sage300WebApi/v1.0/-/SAMINC` as the links should show it. */
  base: string;
  keyText: string | undefined;
  body: unknown;
  /** The request's `Prefer` header. */
  prefer?: string;
  /** The `dayend` fault was drawn for this request. */
  dayEnd: boolean;
}

const methodNotAllowed = (method: string) =>
  new SageError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`);

function contextUrl(ctx: RouteContext, resource: ResourceDef, suffix: string): string {
  return `${ctx.base}/${resource.module}/$metadata#${resource.name}${suffix}`;
}

function entry(ctx: RouteContext, resource: ResourceDef, row: Record<string, unknown>, select?: string[]): string {
  const ctxName = ctx.switches.v3Annotations ? 'odata.context' : '@odata.context';
  const body = JSON.stringify(project(row, select));
  return `{"${ctxName}":${JSON.stringify(contextUrl(ctx, resource, '/$entity'))}${body.length > 2 ? ',' + body.slice(1) : '}'}`;
}

async function getCollection(ctx: RouteContext, resource: ResourceDef): Promise<void> {
  const model = modelOf(resource);
  const q = parseQuery(ctx.search, model, { substringFunction: ctx.switches.substringFunction, orderbySupported: ctx.switches.orderbySupported });
  const preferred = Number(/(?:^|[,;\s])odata\.maxpagesize\s*=\s*(\d+)/i.exec(ctx.prefer ?? '')?.[1] ?? 0);
  const honoured = ctx.switches.maxPageSizePreference === 'honour' && preferred > 0 && preferred < ctx.switches.pageSize;
  const page = runQuery(ctx.state.table(resource.name), q, honoured ? preferred : ctx.switches.pageSize);
  if (ctx.switches.maxPageRecords > 0 && page.rows.length > ctx.switches.maxPageRecords) {
    // The page takes longer than IIS/ASP.NET allow (spec §5.4).
    if (ctx.switches.oversizedPageFault === 'timeout') return ctx.r.stall();
    return ctx.r.html(500, REQUEST_TIMED_OUT_HTML);
  }
  const v3 = ctx.switches.v3Annotations;
  const selection = q.select ? `(${q.select.join(',')})` : '';
  let head = `{"${v3 ? 'odata.context' : '@odata.context'}":${JSON.stringify(contextUrl(ctx, resource, selection))}`;
  if (page.count !== undefined) head += v3 ? `,"odata.count":"${page.count}"` : `,"@odata.count":${page.count}`;
  head += ',"value":[';
  let tail = ']';
  if (page.next) {
    const link = `${ctx.base}/${resource.module}/${resource.name}?${nextLinkQuery(q.raw, page.next)}`;
    tail += `,"${v3 ? 'odata.nextLink' : '@odata.nextLink'}":${JSON.stringify(link)}`;
  }
  tail += '}';
  const rows = page.rows.map((row) => JSON.stringify(project(row, q.select)));
  await ctx.r.stream(head, rows, tail, honoured ? { 'Preference-Applied': `odata.maxpagesize=${preferred}` } : {});
}

function getEntry(ctx: RouteContext, resource: ResourceDef): void {
  const model = modelOf(resource);
  const key = parseKey(ctx.keyText!, resource, model);
  const q = parseQuery(ctx.search, model, { substringFunction: ctx.switches.substringFunction, orderbySupported: true });
  ctx.r.send(200, entry(ctx, resource, ctx.state.get(resource, key), q.select));
}

function processCall(ctx: RouteContext, name: string): void {
  const key = (ctx.keyText ?? '').replace(/^'(.*)'$/, '$1');
  if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method);
  if (key === '$template') return ctx.r.json(200, blankRow(MODELS.PostInvoices!));
  if (key !== '$process') throw new SageError(400, 'InvalidAction', `The action '${ctx.keyText ?? ''}' is not valid for the resource '${name}'.`);
  const body = (ctx.body ?? {}) as { BatchNumberFrom?: number; BatchNumberTo?: number };
  const from = Number(body.BatchNumberFrom ?? 0);
  const to = Number(body.BatchNumberTo ?? Number.MAX_SAFE_INTEGER) || Number.MAX_SAFE_INTEGER;
  const ready = ctx.state.table('ARInvoiceBatches').all().filter((b) => b.BatchStatus === 'ReadyToPost' && Number(b.BatchNumber) >= from && Number(b.BatchNumber) <= to);
  for (const b of ready) postBatch(ctx.state, Number(b.BatchNumber));
  ctx.r.json(200, { BatchNumberFrom: from, BatchNumberTo: to === Number.MAX_SAFE_INTEGER ? 0 : to, BatchesPosted: ready.length });
}

export async function handleResource(ctx: RouteContext, resource: ResourceDef | { process: string }): Promise<void> {
  if ('process' in resource) return processCall(ctx, resource.process);
  const { method } = ctx;
  if (!resource.verbs.includes(method as ResourceDef['verbs'][number])) throw methodNotAllowed(method);
  const model = modelOf(resource);
  if (ctx.keyText === undefined) {
    if (method === 'GET') return getCollection(ctx, resource);
    if (method !== 'POST') throw methodNotAllowed(method);
    if (ctx.dayEnd && (resource.generatedKey || resource.name === 'OEOrders')) {
      throw new SageError(409, 'RecordDuplicate', 'Record already exists. Day End Processing is running; try again after it completes.');
    }
    const row = ctx.state.insert(resource, ctx.body);
    const key = resource.key.map((f) => (typeof row[f] === 'number' ? String(row[f]) : `'${String(row[f])}'`)).join(',');
    return ctx.r.send(201, entry(ctx, resource, row), { Location: `${ctx.base}/${resource.module}/${resource.name}(${key})` });
  }
  const keyBare = ctx.keyText.replace(/^'(.*)'$/, '$1');
  if (method === 'POST') {
    if (keyBare === '$template') return ctx.r.send(200, entry(ctx, resource, blankRow(model)));
    throw new SageError(400, 'InvalidAction', `The action '${ctx.keyText}' is not valid; only '$template' and '$process' are.`);
  }
  if (method === 'GET') return getEntry(ctx, resource);
  const key = parseKey(ctx.keyText, resource, model);
  if (method === 'DELETE') {
    ctx.state.delete(resource, key);
    return ctx.r.empty(204);
  }
  const row = ctx.state.update(resource, key, ctx.body, method === 'PUT' ? 'put' : 'patch');
  if (ctx.switches.updateStatus === 200) return ctx.r.send(200, entry(ctx, resource, row));
  return ctx.r.empty(204);
}
