// Associations v4 (spec §8): single and default PUTs, DELETE, a record's associations, the batch
// endpoints (create, associate/default, read, archive, labels/archive). Type ids are checked against
// the pair's types, custom labels included (association-labels.ts); creating and changing labels is
// routes-association-labels.ts.
import type { AssociationLabels } from './association-labels.ts';
import { associationTypesFor, objectType } from './data.ts';
import { notFound, validation } from './errors.ts';
import type { ObjectTable } from './state.ts';
import { nowIso, type Route, type RouteCtx, type RouteResult } from './route-types.ts';
import { objectBody, objectTable } from './route-input.ts';

export function pair(ctx: RouteCtx): { from: ObjectTable; to: ObjectTable } {
  return { from: objectTable(ctx, 'from'), to: objectTable(ctx, 'to') };
}

function mustExist(t: ObjectTable, id: string): void {
  const r = t.byId.get(id);
  if (!r || r.archived) throw notFound(`No ${t.def.singular} with ID ${id} exists.`, [id]);
}

/** Read shape of a pair's types: `{category, typeId, label}`, the label as it is now (a rename shows at once). */
function labelsOf(labels: AssociationLabels, from: string, to: string, typeIds: number[]): { category: string; typeId: number; label: string | null }[] {
  return typeIds.map((typeId) => {
    const t = labels.find(from, to, typeId);
    return { category: t?.category ?? 'HUBSPOT_DEFINED', typeId, label: t?.label ?? null };
  });
}

/** The type ids of association specs, each known for from→to and named with its own category. */
function specTypes(labels: AssociationLabels, from: string, to: string, specs: unknown): number[] {
  if (!Array.isArray(specs) || specs.length === 0) throw validation('At least one association type is required.');
  return (specs as { associationCategory?: string; associationTypeId?: number }[]).map((s) => {
    const t = labels.find(from, to, Number(s.associationTypeId));
    if (!t) throw validation(`associationTypeId ${String(s.associationTypeId)} is not valid between ${from} and ${to}; GET /crm/v4/associations/${from}/${to}/labels lists the valid ones.`, [{ message: 'unknown association type', code: 'INVALID_ASSOCIATION_TYPE', in: 'associationTypeId' }]);
    if (s.associationCategory !== undefined && s.associationCategory !== t.category) {
      throw validation(`associationCategory ${String(s.associationCategory)} does not match association type ${t.typeId}, which is ${t.category}.`, [{ message: 'wrong category', code: 'INVALID_ASSOCIATION_CATEGORY', in: 'associationCategory' }]);
    }
    return t.typeId;
  });
}

function defaultTypeId(from: string, to: string): number {
  const types = associationTypesFor(from, to);
  return (types.find((t) => t.label === null) ?? types[0])?.typeId ?? 0;
}

function batchInputs(ctx: RouteCtx): Record<string, unknown>[] {
  const list = objectBody(ctx).inputs;
  if (!Array.isArray(list) || list.length === 0) throw validation('inputs must not be empty');
  if (list.length > ctx.env.switches.associationBatchMax) throw validation(`Batch input cannot exceed ${ctx.env.switches.associationBatchMax} inputs. Got ${list.length}.`);
  return list as Record<string, unknown>[];
}

const idOf = (x: unknown): string => String((x as { id?: unknown } | undefined)?.id ?? '');

function batchOut(ctx: RouteCtx, results: unknown[], missing: string[], ok: number): RouteResult {
  const stamp = { startedAt: nowIso(ctx.now), completedAt: nowIso(ctx.now + 1) };
  if (!missing.length) return { status: ok, body: { status: 'COMPLETE', results, ...stamp } };
  const errors = [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Some objects were not found: ${missing.join(', ')}`, context: { ids: missing }, errors: [], links: {} }];
  return { status: 207, body: { status: 'COMPLETE', results, numErrors: errors.length, errors, ...stamp } };
}

export const assocScope = (access: 'read' | 'write') => (p: Record<string, string>) => {
  const def = objectType(p.from ?? '');
  return def ? `${def.scope}.${access}` : undefined;
};

export const associationRoutes: Route[] = [
  {
    method: 'PUT',
    path: '/crm/v4/objects/:from/:fromId/associations/default/:to/:toId',
    bucket: 'burst',
    scope: assocScope('write'),
    handler: (ctx) => {
      const { from, to } = pair(ctx);
      mustExist(from, ctx.params.fromId ?? '');
      mustExist(to, ctx.params.toId ?? '');
      const typeId = defaultTypeId(from.def.name, to.def.name);
      ctx.env.state.associations.create(from.def.name, ctx.params.fromId ?? '', to.def.name, ctx.params.toId ?? '', typeId, ctx.now);
      return { status: 200, body: { status: 'COMPLETE', results: [{ from: { id: ctx.params.fromId }, to: { id: ctx.params.toId }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId } }], startedAt: nowIso(ctx.now), completedAt: nowIso(ctx.now) } };
    },
  },
  {
    method: 'PUT',
    path: '/crm/v4/objects/:from/:fromId/associations/:to/:toId',
    bucket: 'burst',
    scope: assocScope('write'),
    handler: (ctx) => {
      const { from, to } = pair(ctx);
      mustExist(from, ctx.params.fromId ?? '');
      mustExist(to, ctx.params.toId ?? '');
      const labels: string[] = [];
      for (const typeId of specTypes(ctx.env.state.associationLabels, from.def.name, to.def.name, ctx.body)) labels.push(...ctx.env.state.associations.create(from.def.name, ctx.params.fromId ?? '', to.def.name, ctx.params.toId ?? '', typeId, ctx.now));
      return { status: 201, body: { fromObjectTypeId: from.def.objectTypeId, fromObjectId: ctx.params.fromId, toObjectTypeId: to.def.objectTypeId, toObjectId: ctx.params.toId, labels: [...new Set(labels)] } };
    },
  },
  {
    method: 'DELETE',
    path: '/crm/v4/objects/:from/:fromId/associations/:to/:toId',
    bucket: 'burst',
    scope: assocScope('write'),
    handler: (ctx) => {
      const { from, to } = pair(ctx);
      ctx.env.state.associations.archive(from.def.name, ctx.params.fromId ?? '', to.def.name, ctx.params.toId ?? '', ctx.now);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/crm/v4/objects/:from/:fromId/associations/:to',
    bucket: 'burst',
    scope: assocScope('read'),
    handler: (ctx) => {
      const { from, to } = pair(ctx);
      const limit = Math.min(500, Number(ctx.query.get('limit') ?? 500));
      const after = Number(ctx.query.get('after') ?? 0);
      const all = ctx.env.state.associations.list(from.def.name, ctx.params.fromId ?? '', to.def.name);
      const page = all.slice(after, after + limit);
      return {
        status: 200,
        body: { results: page.map((a) => ({ toObjectId: a.toObjectId, associationTypes: labelsOf(ctx.env.state.associationLabels, from.def.name, to.def.name, a.typeIds) })), ...(after + limit < all.length && { paging: { next: { after: String(after + limit) } } }) },
      };
    },
  },
  {
    method: 'POST',
    path: '/crm/v4/associations/:from/:to/batch/create',
    bucket: 'burst',
    scope: assocScope('write'),
    handler: (ctx) => {
      const { from, to } = pair(ctx);
      const results: unknown[] = [];
      const missing: string[] = [];
      for (const input of batchInputs(ctx)) {
        const fromId = idOf(input.from);
        const toId = idOf(input.to);
        const typeIds = specTypes(ctx.env.state.associationLabels, from.def.name, to.def.name, input.types);
        const absent = [fromId, toId].filter((id, i) => !(i === 0 ? from : to).byId.get(id) || (i === 0 ? from : to).byId.get(id)?.archived);
        if (absent.length) {
          missing.push(...absent);
          continue;
        }
        const labels: string[] = [];
        for (const typeId of typeIds) labels.push(...ctx.env.state.associations.create(from.def.name, fromId, to.def.name, toId, typeId, ctx.now));
        results.push({ fromObjectTypeId: from.def.objectTypeId, fromObjectId: fromId, toObjectTypeId: to.def.objectTypeId, toObjectId: toId, labels: [...new Set(labels)] });
      }
      return batchOut(ctx, results, missing, 201);
    },
  },
  {
    method: 'POST',
    path: '/crm/v4/associations/:from/:to/batch/associate/default',
    bucket: 'burst',
    scope: assocScope('write'),
    handler: (ctx) => {
      const { from, to } = pair(ctx);
      const typeId = defaultTypeId(from.def.name, to.def.name);
      const results: unknown[] = [];
      const missing: string[] = [];
      for (const input of batchInputs(ctx)) {
        const fromId = idOf(input.from);
        const toId = idOf(input.to);
        const absent = [fromId, toId].filter((id, i) => !(i === 0 ? from : to).byId.get(id) || (i === 0 ? from : to).byId.get(id)?.archived);
        if (absent.length) {
          missing.push(...absent);
          continue;
        }
        ctx.env.state.associations.create(from.def.name, fromId, to.def.name, toId, typeId, ctx.now);
        results.push({ from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId } });
      }
      return batchOut(ctx, results, missing, 200);
    },
  },
  {
    method: 'POST',
    path: '/crm/v4/associations/:from/:to/batch/read',
    bucket: 'burst',
    scope: assocScope('read'),
    handler: (ctx) => {
      const { from, to } = pair(ctx);
      const results: unknown[] = [];
      const errors: unknown[] = [];
      for (const input of batchInputs(ctx)) {
        const id = String(input.id ?? '');
        const list = ctx.env.state.associations.list(from.def.name, id, to.def.name);
        if (list.length) {
          results.push({ from: { id }, to: list.map((a) => ({ toObjectId: a.toObjectId, associationTypes: labelsOf(ctx.env.state.associationLabels, from.def.name, to.def.name, a.typeIds) })) });
          continue;
        }
        // A record without associations of that kind (or no record at all) is one error per input, as HubSpot answers.
        errors.push({
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
          message: `No ${to.def.singular} is associated with ${from.def.singular} ${id}.`,
          context: { fromObjectId: [id], fromObjectType: [from.def.singular], toObjectType: [to.def.singular] },
          errors: [],
          links: {},
        });
      }
      const stamp = { startedAt: nowIso(ctx.now), completedAt: nowIso(ctx.now + 1) };
      if (!errors.length) return { status: 200, body: { status: 'COMPLETE', results, ...stamp } };
      return { status: 207, body: { status: 'COMPLETE', results, numErrors: errors.length, errors, ...stamp } };
    },
  },
  {
    method: 'POST',
    path: '/crm/v4/associations/:from/:to/batch/archive',
    bucket: 'burst',
    scope: assocScope('write'),
    handler: (ctx) => {
      const { from, to } = pair(ctx);
      for (const input of batchInputs(ctx)) {
        const targets = Array.isArray(input.to) ? input.to : [input.to];
        for (const t of targets) ctx.env.state.associations.archive(from.def.name, idOf(input.from), to.def.name, idOf(t), ctx.now);
      }
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    path: '/crm/v4/associations/:from/:to/batch/labels/archive',
    bucket: 'burst',
    scope: assocScope('write'),
    handler: (ctx) => {
      const { from, to } = pair(ctx);
      const work = batchInputs(ctx).map((input) => ({ fromId: idOf(input.from), toId: idOf(input.to), typeIds: specTypes(ctx.env.state.associationLabels, from.def.name, to.def.name, input.types) }));
      for (const w of work) for (const typeId of w.typeIds) ctx.env.state.associations.removeLabel(from.def.name, w.fromId, to.def.name, w.toId, typeId, ctx.now);
      return { status: 204 };
    },
  },
];
