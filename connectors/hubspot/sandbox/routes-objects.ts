// CRM objects v3 (spec §4): list, read, create, update, archive, the five batch endpoints and search,
// with HubSpot's exact success codes, 207 bodies, all-or-nothing creates without trace ids, unique
// values, and the invoice status rules (spec §9).
import { ASSOCIATION_TYPES, objectType, type ObjectTypeDef } from './data.ts';
import { HubError, errorBody, notFound, validation, type InputProblem } from './errors.ts';
import { search, type SearchRequest } from './search.ts';
import { present, type ObjectTable, type PortalState, type Rec } from './state.ts';
import { listParam, nowIso, type Route, type RouteCtx, type RouteResult } from './route-types.ts';
import type { SandboxEnv } from './switches.ts';

function tableFor(ctx: RouteCtx, write: boolean): ObjectTable {
  const name = ctx.params.type ?? '';
  const def = objectType(name);
  const table = def && ctx.env.state.tables.get(def.name);
  if (!def || !table) throw notFound(`Unable to infer object type from: ${name}`);
  if (write && (name === 'payments' || def.readOnlyApi)) throw new HubError(405, errorBody(`${name} is read-only; write commerce_payments instead.`, { category: 'VALIDATION_ERROR' }));
  if (def.commerce && ctx.env.switches.invoicesRequirePaidTier && (ctx.env.tier === 'free' || ctx.env.tier === 'starter')) {
    throw new HubError(403, errorBody(`This account does not have access to ${def.name}: it needs a paid Commerce Hub subscription.`, { category: 'FORBIDDEN', subCategory: 'FEATURE_NOT_ENABLED' }));
  }
  return table;
}

function objectBody(ctx: RouteCtx): Record<string, unknown> {
  if (!ctx.body || typeof ctx.body !== 'object' || Array.isArray(ctx.body)) throw validation('Invalid input JSON: expected an object');
  return ctx.body as Record<string, unknown>;
}

function inputs(ctx: RouteCtx, max: number): Record<string, unknown>[] {
  const list = objectBody(ctx).inputs;
  if (!Array.isArray(list)) throw validation('Invalid input JSON: inputs is required');
  if (list.length === 0) throw validation('inputs must not be empty', [{ message: 'size must be between 1 and ' + max, code: 'INVALID_SIZE', in: 'inputs' }]);
  if (list.length > max) throw validation(`Batch input cannot exceed ${max} inputs. Got ${list.length}.`, [{ message: `size must be between 1 and ${max}`, code: 'INVALID_SIZE', in: 'inputs' }]);
  return list as Record<string, unknown>[];
}

/** Checks the invoice status rules for a write that sets hs_invoice_status. */
function invoiceProblem(env: SandboxEnv, table: ObjectTable, rec: Rec | undefined, values: Record<string, string>): InputProblem | undefined {
  if (table.def.name !== 'invoices' || values.hs_invoice_status === undefined) return undefined;
  const to = values.hs_invoice_status;
  const bad = (message: string): InputProblem => ({ status: 400, category: 'VALIDATION_ERROR', message, errors: [{ message, code: 'INVALID_STATUS_TRANSITION', in: 'hs_invoice_status' }] });
  if (!rec) return to !== 'draft' && !env.switches.invoiceCreateNonDraft ? bad(`Invoices are created as draft; cannot create one with status ${to}.`) : undefined;
  const from = rec.props.hs_invoice_status ?? 'draft';
  if (from === to) return undefined;
  const allowed: Record<string, string[]> = { draft: ['open', 'voided'], open: ['paid', 'voided', 'draft'], paid: [], voided: [] };
  if (!allowed[from]?.includes(to)) return bad(`An invoice cannot move from ${from} to ${to}.`);
  if (to === 'open') {
    const contacts = env.state.associations.count('invoices', rec.id, 'contacts');
    const lines = env.state.associations.count('invoices', rec.id, 'line_items');
    const needContact = env.switches.invoiceOpenRequires === 'contact+line';
    if (lines < 1 || (needContact && contacts < 1)) {
      return bad(`An invoice needs ${needContact ? 'an associated contact and ' : ''}at least one line item before it can be opened (has ${contacts} contact(s), ${lines} line item(s)).`);
    }
  }
  return undefined;
}

function presentProps(table: ObjectTable, input: Record<string, unknown> | undefined, asked: string[] | undefined): string[] {
  return [...new Set([...(asked ?? []), ...Object.keys(input ?? {}), ...table.def.defaultProperties])];
}

/** Inline `associations` of a create: type ids decide the target object type. */
function inlineAssociations(state: PortalState, def: ObjectTypeDef, list: unknown): { to: string; id: string; typeId: number }[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw validation('associations must be a list');
  const out: { to: string; id: string; typeId: number }[] = [];
  for (const a of list as { to?: { id?: string }; types?: { associationTypeId?: number }[] }[]) {
    const id = String(a.to?.id ?? '');
    for (const t of a.types ?? []) {
      // A HubSpot-defined id names its target type through the defaults; a custom label's id through its definition.
      const key = Object.entries(ASSOCIATION_TYPES).find(([k, v]) => k.startsWith(`${def.name}→`) && v.some((x) => x.typeId === t.associationTypeId))?.[0];
      const custom = state.associationLabels.customType(Number(t.associationTypeId));
      const to = key ? (key.split('→')[1] as string) : custom?.from === def.name ? custom.to : undefined;
      if (!to) throw validation(`Association type ${String(t.associationTypeId)} is not valid from ${def.name}.`);
      if (!state.tables.get(to)?.byId.get(id) || state.tables.get(to)?.byId.get(id)?.archived) throw validation(`${to} ${id} does not exist; cannot associate.`, [], { ids: [id] });
      out.push({ to, id, typeId: t.associationTypeId as number });
    }
  }
  return out;
}

function stamp(now: number): { requestedAt: string; startedAt: string; completedAt: string } {
  return { requestedAt: nowIso(now), startedAt: nowIso(now), completedAt: nowIso(now + 1) };
}

function errorEntry(env: SandboxEnv, p: InputProblem, ref: { traceId?: string; id?: string }): Record<string, unknown> {
  const context: Record<string, string[]> = {};
  const where = env.switches.errorInputRef;
  if (where !== 'id') {
    if (ref.traceId !== undefined) context.objectWriteTraceId = [ref.traceId];
    if (ref.id !== undefined) context.ids = [ref.id];
  }
  return {
    status: 'error',
    category: p.category,
    message: p.message,
    context,
    errors: p.errors,
    links: {},
    ...(where !== 'context' && (ref.traceId ?? ref.id) !== undefined && { id: ref.traceId ?? ref.id }),
  };
}

function batchResult(now: number, results: unknown[], errors: unknown[], okStatus: number): RouteResult {
  if (errors.length) return { status: 207, body: { status: 'COMPLETE', results, numErrors: errors.length, errors, ...stamp(now) } };
  return { status: okStatus, body: { status: 'COMPLETE', results, ...stamp(now) } };
}

function list(ctx: RouteCtx): RouteResult {
  const table = tableFor(ctx, false);
  let limit = ctx.query.has('limit') ? Number(ctx.query.get('limit')) : 10;
  if (!Number.isInteger(limit) || limit < 1) throw validation(`limit must be a positive number`);
  if (limit > 100) {
    if (ctx.env.switches.listLimitOver100 === 'reject') throw validation('limit must be at most 100', [{ message: 'must be less than or equal to 100', code: 'INVALID_LIMIT', in: 'limit' }]);
    limit = 100;
  }
  const afterRaw = ctx.query.get('after');
  const after = afterRaw ? Number(afterRaw) : 0;
  if (!Number.isFinite(after)) throw validation(`Invalid after: ${afterRaw}`);
  const props = listParam(ctx.query, 'properties');
  const assoc = listParam(ctx.query, 'associations');
  const { records, more } = table.page(after, limit, ctx.query.get('archived') === 'true');
  const results = records.map((r) => withAssociations(ctx.env.state, table, r, present(table, r, props), assoc));
  const last = records[records.length - 1];
  return { status: 200, body: { results, ...(more && last && { paging: { next: { after: String(last.num), link: `?after=${last.num}` } } }) } };
}

function withAssociations(state: PortalState, table: ObjectTable, rec: Rec, body: Record<string, unknown>, assoc: string[] | undefined): Record<string, unknown> {
  if (!assoc?.length) return body;
  const out: Record<string, { results: { id: string; type: string }[] }> = {};
  for (const name of assoc) {
    const to = objectType(name);
    if (!to) continue;
    const results = state.associations.list(table.def.name, rec.id, to.name).map((a) => ({ id: a.toObjectId, type: `${table.def.singular}_to_${to.singular}` }));
    if (results.length) out[name] = { results };
  }
  return Object.keys(out).length ? { ...body, associations: out } : body;
}

function findOne(ctx: RouteCtx, table: ObjectTable, idOrValue: string, idProperty: string | null): Rec {
  const rec = idProperty ? table.findByUnique(idProperty, idOrValue) : table.byId.get(idOrValue);
  if (!rec || rec.archived) throw notFound();
  return rec;
}

function readOne(ctx: RouteCtx): RouteResult {
  const table = tableFor(ctx, false);
  const rec = findOne(ctx, table, ctx.params.id ?? '', ctx.query.get('idProperty'));
  return { status: 200, body: withAssociations(ctx.env.state, table, rec, present(table, rec, listParam(ctx.query, 'properties')), listParam(ctx.query, 'associations')) };
}

function throwProblem(p: InputProblem): never {
  throw new HubError(p.status, errorBody(p.message, { category: p.category, errors: p.errors }));
}

function createOne(ctx: RouteCtx): RouteResult {
  const table = tableFor(ctx, true);
  const body = objectBody(ctx);
  const input = (body.properties ?? {}) as Record<string, unknown>;
  const v = table.validate(input, ctx.env.switches.strictProperties);
  if ('problem' in v) throwProblem(v.problem);
  const problem = table.uniqueClash(v.values) ?? invoiceProblem(ctx.env, table, undefined, v.values);
  if (problem) throwProblem(problem);
  const links = inlineAssociations(ctx.env.state, table.def, body.associations);
  const rec = ctx.env.state.create(table, v.values, ctx.now);
  for (const l of links) ctx.env.state.associations.create(table.def.name, rec.id, l.to, l.id, l.typeId, ctx.now);
  return { status: 201, body: present(table, rec, presentProps(table, input, undefined)) };
}

function updateOne(ctx: RouteCtx): RouteResult {
  const table = tableFor(ctx, true);
  const rec = findOne(ctx, table, ctx.params.id ?? '', ctx.query.get('idProperty'));
  const input = (objectBody(ctx).properties ?? {}) as Record<string, unknown>;
  const v = table.validate(input, ctx.env.switches.strictProperties);
  if ('problem' in v) throwProblem(v.problem);
  const problem = invoiceProblem(ctx.env, table, rec, v.values);
  if (problem) throwProblem(problem);
  ctx.env.state.update(table, rec, v.values, ctx.now);
  return { status: 200, body: present(table, rec, presentProps(table, input, undefined)) };
}

function archiveOne(ctx: RouteCtx): RouteResult {
  const table = tableFor(ctx, true);
  const rec = table.byId.get(ctx.params.id ?? '');
  if (rec && !rec.archived) ctx.env.state.archive(table, rec, ctx.now);
  return { status: 204 };
}

function batchRead(ctx: RouteCtx): RouteResult {
  const table = tableFor(ctx, false);
  const body = objectBody(ctx);
  const idProperty = typeof body.idProperty === 'string' ? body.idProperty : null;
  const props = Array.isArray(body.properties) ? (body.properties as string[]) : undefined;
  const results: unknown[] = [];
  const missing: string[] = [];
  for (const input of inputs(ctx, ctx.env.switches.batchMax)) {
    const id = String(input.id ?? '');
    const rec = idProperty ? table.findByUnique(idProperty, id) : table.byId.get(id);
    if (!rec || rec.archived) missing.push(id);
    else results.push(present(table, rec, props));
  }
  const errors = missing.length
    ? [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Could not get some ${table.def.name} objects, they may be deleted or not exist. Check that ids are valid.`, context: { ids: missing }, errors: [], links: {} }]
    : [];
  return batchResult(ctx.now, results, errors, 200);
}

function batchCreate(ctx: RouteCtx): RouteResult {
  const table = tableFor(ctx, true);
  const list = inputs(ctx, ctx.env.switches.batchMax);
  const partial = list.every((i) => typeof i.objectWriteTraceId === 'string' && i.objectWriteTraceId !== '');
  const planned: { input: Record<string, unknown>; values: Record<string, string>; links: { to: string; id: string; typeId: number }[] }[] = [];
  const errors: unknown[] = [];
  const seenUnique = new Map<string, string>();
  for (const input of list) {
    const props = (input.properties ?? {}) as Record<string, unknown>;
    const v = table.validate(props, ctx.env.switches.strictProperties);
    let problem: InputProblem | undefined = 'problem' in v ? v.problem : undefined;
    let links: { to: string; id: string; typeId: number }[] = [];
    if ('values' in v) {
      problem = table.uniqueClash(v.values) ?? invoiceProblem(ctx.env, table, undefined, v.values);
      for (const [prop] of table.unique) {
        const val = v.values[prop];
        if (!problem && val && seenUnique.has(`${prop}\u0000${val}`)) {
          problem = { status: 409, category: 'CONFLICT', message: `Duplicate value "${val}" for unique property ${prop} within the batch.`, errors: [] };
        }
      }
      if (!problem) {
        try {
          links = inlineAssociations(ctx.env.state, table.def, input.associations);
        } catch (e) {
          if (!(e instanceof HubError)) throw e;
          problem = { status: e.status, category: e.body.category ?? 'VALIDATION_ERROR', message: e.body.message, errors: e.body.errors ?? [] };
        }
      }
    }
    if (problem) {
      if (!partial) throwProblem(problem); // all-or-nothing without trace ids (spec §4.7)
      errors.push(errorEntry(ctx.env, problem, { traceId: String(input.objectWriteTraceId) }));
      continue;
    }
    if ('values' in v) {
      for (const [prop] of table.unique) if (v.values[prop]) seenUnique.set(`${prop}\u0000${v.values[prop]}`, '1');
      planned.push({ input, values: v.values, links });
    }
  }
  const results = planned.map(({ input, values, links }) => {
    const rec = ctx.env.state.create(table, values, ctx.now);
    for (const l of links) ctx.env.state.associations.create(table.def.name, rec.id, l.to, l.id, l.typeId, ctx.now);
    return { ...present(table, rec, presentProps(table, input.properties as Record<string, unknown>, undefined)), ...(input.objectWriteTraceId !== undefined && { objectWriteTraceId: input.objectWriteTraceId }) };
  });
  return batchResult(ctx.now, results, errors, 201);
}

function batchUpdate(ctx: RouteCtx): RouteResult {
  const table = tableFor(ctx, true);
  const list = inputs(ctx, ctx.env.switches.batchMax);
  const results: unknown[] = [];
  const errors: unknown[] = [];
  const work: { rec: Rec; values: Record<string, string>; input: Record<string, unknown> }[] = [];
  for (const input of list) {
    const id = String(input.id ?? '');
    const idProperty = typeof input.idProperty === 'string' ? input.idProperty : null;
    const rec = idProperty ? table.findByUnique(idProperty, id) : table.byId.get(id);
    const ref = { id, ...(typeof input.objectWriteTraceId === 'string' && { traceId: input.objectWriteTraceId }) };
    let problem: InputProblem | undefined;
    let values: Record<string, string> = {};
    if (!rec || rec.archived) problem = { status: 404, category: 'OBJECT_NOT_FOUND', message: `Object ${id} not found`, errors: [] };
    else {
      const v = table.validate((input.properties ?? {}) as Record<string, unknown>, ctx.env.switches.strictProperties);
      if ('problem' in v) problem = v.problem;
      else {
        values = v.values;
        problem = table.uniqueClash(values, rec.id) ?? invoiceProblem(ctx.env, table, rec, values);
      }
    }
    if (problem) {
      if (!ctx.env.switches.upsertPartial && problem.status !== 404) throwProblem(problem);
      errors.push(errorEntry(ctx.env, problem, ref));
    } else if (rec) work.push({ rec, values, input });
  }
  for (const w of work) {
    ctx.env.state.update(table, w.rec, w.values, ctx.now);
    results.push({ ...present(table, w.rec, presentProps(table, w.input.properties as Record<string, unknown>, undefined)), ...(typeof w.input.objectWriteTraceId === 'string' && { objectWriteTraceId: w.input.objectWriteTraceId }) });
  }
  return batchResult(ctx.now, results, errors, 200);
}

function batchUpsert(ctx: RouteCtx): RouteResult {
  const table = tableFor(ctx, true);
  const list = inputs(ctx, ctx.env.switches.batchMax);
  const ids = new Set<string>();
  for (const input of list) {
    const idProperty = String(input.idProperty ?? ctx.query.get('idProperty') ?? '');
    if (!idProperty) throw validation('idProperty is required for upsert');
    const def = table.properties.get(idProperty);
    if (!def || (!def.hasUniqueValue && !(table.def.name === 'contacts' && idProperty === 'email'))) {
      throw validation(`Property ${idProperty} is not a unique identifier property for ${table.def.name}; upsert needs a property with hasUniqueValue.`, [{ message: 'not a unique property', code: 'INVALID_ID_PROPERTY', in: 'idProperty' }]);
    }
    const key = `${idProperty}\u0000${String(input.id ?? '')}`;
    if (ids.has(key) && ctx.env.switches.rejectDuplicateUpsertIds) throw validation(`Duplicate IDs found in batch input: [${String(input.id)}]. IDs must be unique`, [{ message: 'duplicate id', code: 'DUPLICATE_ID', in: 'inputs' }]);
    ids.add(key);
  }
  const results: unknown[] = [];
  const errors: unknown[] = [];
  const work: { rec?: Rec; values: Record<string, string>; input: Record<string, unknown> }[] = [];
  for (const input of list) {
    const idProperty = String(input.idProperty ?? ctx.query.get('idProperty'));
    const id = String(input.id ?? '');
    const rec = table.findByUnique(idProperty, id);
    const ref = { id, ...(typeof input.objectWriteTraceId === 'string' && { traceId: input.objectWriteTraceId }) };
    const v = table.validate({ ...((input.properties ?? {}) as Record<string, unknown>), [idProperty]: id }, ctx.env.switches.strictProperties);
    let problem: InputProblem | undefined = 'problem' in v ? v.problem : undefined;
    if ('values' in v) problem = table.uniqueClash(v.values, rec?.id) ?? invoiceProblem(ctx.env, table, rec, v.values);
    if (problem) {
      if (!ctx.env.switches.upsertPartial) throwProblem(problem);
      errors.push(errorEntry(ctx.env, problem, ref));
    } else if ('values' in v) work.push({ ...(rec && { rec }), values: v.values, input });
  }
  for (const w of work) {
    let rec = w.rec;
    const isNew = !rec;
    // Re-check: an earlier input of this batch may have created the record (duplicates allowed by switch).
    rec ??= table.findByUnique(String(w.input.idProperty ?? ctx.query.get('idProperty')), String(w.input.id ?? ''));
    if (rec) ctx.env.state.update(table, rec, w.values, ctx.now);
    else rec = ctx.env.state.create(table, w.values, ctx.now);
    results.push({ ...present(table, rec, presentProps(table, w.input.properties as Record<string, unknown>, undefined)), new: isNew && rec.createdAt === ctx.now, ...(typeof w.input.objectWriteTraceId === 'string' && { objectWriteTraceId: w.input.objectWriteTraceId }) });
  }
  return batchResult(ctx.now, results, errors, 200);
}

function batchArchive(ctx: RouteCtx): RouteResult {
  const table = tableFor(ctx, true);
  for (const input of inputs(ctx, ctx.env.switches.batchMax)) {
    const rec = table.byId.get(String(input.id ?? ''));
    if (rec && !rec.archived) ctx.env.state.archive(table, rec, ctx.now);
  }
  return { status: 204 };
}

function doSearch(ctx: RouteCtx): RouteResult {
  const table = tableFor(ctx, false);
  const req = objectBody(ctx) as SearchRequest;
  const s = ctx.env.switches;
  const out = search(table, req, {
    maxGroups: s.searchMaxGroups,
    maxFiltersPerGroup: s.searchMaxFiltersPerGroup,
    maxFilters: s.searchMaxFilters,
    visibleBefore: ctx.now - s.searchIndexLagMs / ctx.env.timeScale,
    cacheable: s.searchIndexLagMs === 0,
  });
  return {
    status: 200,
    body: { total: out.total, results: out.records.map((r) => present(table, r, req.properties)), ...(out.next !== null && { paging: { next: { after: out.next } } }) },
  };
}

/** Merges `objectIdToMerge` into `primaryObjectId` (companies, contacts, deals): the primary keeps its values and takes
 * the other's where it has none, takes over its associations and lists it in `hs_merged_object_ids`; the other is archived. */
function merge(ctx: RouteCtx): RouteResult {
  const table = tableFor(ctx, true);
  if (!['companies', 'contacts', 'deals'].includes(table.def.name)) throw notFound(`Merging is not supported for ${table.def.name}.`);
  const b = objectBody(ctx);
  const primaryId = String(b.primaryObjectId ?? '');
  const otherId = String(b.objectIdToMerge ?? '');
  if (!primaryId || !otherId) throw validation('primaryObjectId and objectIdToMerge are required', [{ message: 'must not be blank', code: 'REQUIRED_FIELD', in: !primaryId ? 'primaryObjectId' : 'objectIdToMerge' }]);
  if (primaryId === otherId) throw validation('A record cannot be merged into itself.');
  const primary = table.byId.get(primaryId);
  const other = table.byId.get(otherId);
  const missing = [primary?.archived === false ? undefined : primaryId, other?.archived === false ? undefined : otherId].filter((x): x is string => x !== undefined);
  if (!primary || !other || missing.length) throw notFound(`No ${table.def.singular} with ID ${missing.join(', ')} exists.`, missing);
  const fill: Record<string, string> = {};
  for (const [k, v] of Object.entries(other.props)) {
    const def = table.properties.get(k);
    if (def && !def.readOnlyValue && !def.calculated && !primary.props[k]) fill[k] = v;
  }
  const state = ctx.env.state;
  const moved: { to: string; id: string; typeIds: number[] }[] = [];
  for (const to of state.tables.keys()) for (const a of state.associations.list(table.def.name, otherId, to)) moved.push({ to, id: a.toObjectId, typeIds: a.typeIds });
  for (const m of moved) state.associations.archive(table.def.name, otherId, m.to, m.id, ctx.now);
  state.archive(table, other, ctx.now);
  for (const m of moved) if (!(m.to === table.def.name && m.id === primaryId)) for (const typeId of m.typeIds) state.associations.create(table.def.name, primaryId, m.to, m.id, typeId, ctx.now);
  const merged = [...(primary.props.hs_merged_object_ids ?? '').split(';').filter(Boolean), otherId, ...(other.props.hs_merged_object_ids ?? '').split(';').filter(Boolean)];
  state.update(table, primary, { ...fill, hs_merged_object_ids: merged.join(';') }, ctx.now);
  return { status: 200, body: present(table, primary, undefined) };
}

const read = (p: Record<string, string>): string | undefined => objectType(p.type ?? '') && `${objectType(p.type ?? '')?.scope}.read`;
const write = (p: Record<string, string>): string | undefined => objectType(p.type ?? '') && `${objectType(p.type ?? '')?.scope}.write`;

export const objectRoutes: Route[] = [
  { method: 'GET', path: '/crm/v3/objects/:type', bucket: 'burst', scope: read, handler: list },
  { method: 'POST', path: '/crm/v3/objects/:type', bucket: 'burst', scope: write, handler: createOne },
  { method: 'POST', path: '/crm/v3/objects/:type/search', bucket: 'search', scope: read, handler: doSearch },
  { method: 'POST', path: '/crm/v3/objects/:type/merge', bucket: 'burst', scope: write, handler: merge },
  { method: 'POST', path: '/crm/v3/objects/:type/batch/read', bucket: 'burst', scope: read, handler: batchRead },
  { method: 'POST', path: '/crm/v3/objects/:type/batch/create', bucket: 'burst', scope: write, handler: batchCreate },
  { method: 'POST', path: '/crm/v3/objects/:type/batch/update', bucket: 'burst', scope: write, handler: batchUpdate },
  { method: 'POST', path: '/crm/v3/objects/:type/batch/upsert', bucket: 'burst', scope: write, handler: batchUpsert },
  { method: 'POST', path: '/crm/v3/objects/:type/batch/archive', bucket: 'burst', scope: write, handler: batchArchive },
  { method: 'GET', path: '/crm/v3/objects/:type/:id', bucket: 'burst', scope: read, handler: readOne },
  { method: 'PATCH', path: '/crm/v3/objects/:type/:id', bucket: 'burst', scope: write, handler: updateOne },
  { method: 'DELETE', path: '/crm/v3/objects/:type/:id', bucket: 'burst', scope: write, handler: archiveOne },
];
