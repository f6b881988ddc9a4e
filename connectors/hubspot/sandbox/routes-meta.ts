// Properties and groups (spec §7), associations v4 (spec §8), and the account's details (routes-account.ts).
import { associationTypesFor, objectType, type PropertyDef } from './data.ts';
import { HubError, conflict, errorBody, notFound, validation } from './errors.ts';
import type { ObjectTable } from './state.ts';
import { nowIso, type Route, type RouteCtx, type RouteResult } from './route-types.ts';
import { accountRoutes } from './routes-account.ts';

const PROPERTY_TYPES = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool', 'phone_number'];
const FIELD_TYPES = ['text', 'textarea', 'html', 'number', 'date', 'file', 'select', 'radio', 'checkbox', 'booleancheckbox', 'phonenumber', 'calculation_equation'];

function table(ctx: RouteCtx, key = 'type'): ObjectTable {
  const def = objectType(ctx.params[key] ?? '');
  const t = def && ctx.env.state.tables.get(def.name);
  if (!t) throw notFound(`Unable to infer object type from: ${ctx.params[key] ?? ''}`);
  return t;
}

export function presentProperty(p: PropertyDef): Record<string, unknown> {
  return {
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    description: p.description ?? '',
    groupName: p.groupName,
    options: p.options ?? [],
    displayOrder: -1,
    calculated: p.calculated ?? false,
    externalOptions: p.externalOptions ?? false,
    hasUniqueValue: p.hasUniqueValue ?? false,
    hidden: false,
    hubspotDefined: p.hubspotDefined ?? false,
    formField: !p.readOnlyValue,
    modificationMetadata: { archivable: !p.hubspotDefined, readOnlyDefinition: p.hubspotDefined ?? false, readOnlyValue: p.readOnlyValue ?? false },
    ...(p.referencedObjectType && { referencedObjectType: p.referencedObjectType }),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    archived: false,
  };
}

function body(ctx: RouteCtx): Record<string, unknown> {
  if (!ctx.body || typeof ctx.body !== 'object' || Array.isArray(ctx.body)) throw validation('Invalid input JSON: expected an object');
  return ctx.body as Record<string, unknown>;
}

function createPropertyIn(ctx: RouteCtx, t: ObjectTable, b: Record<string, unknown>): PropertyDef {
  for (const f of ['name', 'label', 'type', 'fieldType', 'groupName']) {
    if (typeof b[f] !== 'string' || !b[f]) throw validation(`${f} is required`, [{ message: 'must not be null', code: 'REQUIRED_FIELD', in: f }]);
  }
  const name = String(b.name);
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw validation(`Property name ${name} must be lower case letters, digits and underscores, starting with a letter.`);
  if (!PROPERTY_TYPES.includes(String(b.type))) throw validation(`Unknown property type ${String(b.type)}`);
  if (!FIELD_TYPES.includes(String(b.fieldType))) throw validation(`Unknown fieldType ${String(b.fieldType)}`);
  if (!t.groups.has(String(b.groupName))) throw validation(`Property group ${String(b.groupName)} does not exist`, [{ message: 'group not found', code: 'GROUP_DOESNT_EXIST', in: 'groupName' }]);
  if (t.properties.has(name)) throw conflict(`Property named '${name}' already exists.`);
  if (b.hasUniqueValue === true) {
    const n = [...t.properties.values()].filter((p) => p.hasUniqueValue).length;
    if (n >= ctx.env.switches.uniquePropertyCap) throw validation(`This object already has ${n} unique-value properties, the maximum.`, [{ message: 'too many unique properties', code: 'TOO_MANY_UNIQUE_PROPERTIES', in: 'hasUniqueValue' }]);
  }
  const def: PropertyDef = {
    name,
    label: String(b.label),
    type: b.type as PropertyDef['type'],
    fieldType: String(b.fieldType),
    groupName: String(b.groupName),
    ...(typeof b.description === 'string' && { description: b.description }),
    ...(Array.isArray(b.options) && { options: (b.options as { label: string; value: string }[]).map((o, i) => ({ label: o.label, value: o.value, displayOrder: i, hidden: false })) }),
    hasUniqueValue: b.hasUniqueValue === true,
    hubspotDefined: false,
    createdAt: nowIso(ctx.now),
    updatedAt: nowIso(ctx.now),
  };
  t.addProperty(def);
  return def;
}

const propertyRoutes: Route[] = [
  { method: 'GET', path: '/crm/v3/properties/:type', bucket: 'burst', scope: (p) => schemaScope(p, 'read'), handler: (ctx) => ({ status: 200, body: { results: [...table(ctx).properties.values()].map(presentProperty) } }) },
  { method: 'POST', path: '/crm/v3/properties/:type', bucket: 'burst', scope: (p) => schemaScope(p, 'write'), handler: (ctx) => ({ status: 201, body: presentProperty(createPropertyIn(ctx, table(ctx), body(ctx))) }) },
  {
    method: 'POST',
    path: '/crm/v3/properties/:type/batch/create',
    bucket: 'burst',
    scope: (p) => schemaScope(p, 'write'),
    handler: (ctx) => {
      const t = table(ctx);
      const list = (body(ctx).inputs ?? []) as Record<string, unknown>[];
      return { status: 201, body: { status: 'COMPLETE', results: list.map((b) => presentProperty(createPropertyIn(ctx, t, b))), startedAt: nowIso(ctx.now), completedAt: nowIso(ctx.now) } };
    },
  },
  {
    method: 'POST',
    path: '/crm/v3/properties/:type/batch/read',
    bucket: 'burst',
    scope: (p) => schemaScope(p, 'read'),
    handler: (ctx) => {
      const t = table(ctx);
      const list = body(ctx).inputs;
      if (!Array.isArray(list) || !list.length) throw validation('inputs must not be empty', [{ message: 'must not be empty', code: 'REQUIRED_FIELD', in: 'inputs' }]);
      const names = (list as { name?: unknown }[]).map((i) => String(i.name ?? ''));
      const found = names.flatMap((n) => (t.properties.has(n) ? [presentProperty(t.properties.get(n) as PropertyDef)] : []));
      const missing = names.filter((n) => !t.properties.has(n));
      const stamp = { startedAt: nowIso(ctx.now), completedAt: nowIso(ctx.now + 1) };
      if (!missing.length) return { status: 200, body: { status: 'COMPLETE', results: found, ...stamp } };
      const errors = [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Unable to find properties: ${missing.join(', ')}`, context: { properties: missing }, errors: [], links: {} }];
      return { status: 207, body: { status: 'COMPLETE', results: found, numErrors: 1, errors, ...stamp } };
    },
  },
  {
    method: 'POST',
    path: '/crm/v3/properties/:type/batch/archive',
    bucket: 'burst',
    scope: (p) => schemaScope(p, 'write'),
    handler: (ctx) => {
      const t = table(ctx);
      const list = body(ctx).inputs;
      if (!Array.isArray(list) || !list.length) throw validation('inputs must not be empty', [{ message: 'must not be empty', code: 'REQUIRED_FIELD', in: 'inputs' }]);
      for (const name of (list as { name?: unknown }[]).map((i) => String(i.name ?? ''))) {
        const p = t.properties.get(name);
        if (p?.hubspotDefined) throw validation(`${p.name} is a HubSpot-defined property and cannot be archived.`, [{ message: 'HubSpot-defined properties cannot be archived', code: 'READ_ONLY_DEFINITION', in: p.name }]);
        if (p) t.removeProperty(name);
      }
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    path: '/crm/v3/properties/:type/:name',
    bucket: 'burst',
    scope: (p) => schemaScope(p, 'write'),
    handler: (ctx) => {
      const t = table(ctx);
      const p = t.properties.get(ctx.params.name ?? '');
      if (!p) throw notFound(`Unable to find property ${ctx.params.name ?? ''}`);
      if (p.hubspotDefined) throw validation(`${p.name} is a HubSpot-defined property and cannot be archived.`, [{ message: 'HubSpot-defined properties cannot be archived', code: 'READ_ONLY_DEFINITION', in: p.name }]);
      t.removeProperty(p.name);
      return { status: 204 };
    },
  },
  { method: 'GET', path: '/crm/v3/properties/:type/groups', bucket: 'burst', scope: (p) => schemaScope(p, 'read'), handler: (ctx) => ({ status: 200, body: { results: [...table(ctx).groups.values()] } }) },
  {
    method: 'POST',
    path: '/crm/v3/properties/:type/groups',
    bucket: 'burst',
    scope: (p) => schemaScope(p, 'write'),
    handler: (ctx) => {
      const t = table(ctx);
      const b = body(ctx);
      if (typeof b.name !== 'string' || typeof b.label !== 'string') throw validation('name and label are required');
      if (t.groups.has(b.name)) throw conflict(`A property group named '${b.name}' already exists.`);
      const g = { name: b.name, label: b.label, displayOrder: typeof b.displayOrder === 'number' ? b.displayOrder : -1, archived: false };
      t.groups.set(g.name, g);
      return { status: 201, body: g };
    },
  },
  {
    method: 'GET',
    path: '/crm/v3/properties/:type/groups/:name',
    bucket: 'burst',
    scope: (p) => schemaScope(p, 'read'),
    handler: (ctx) => {
      const g = table(ctx).groups.get(ctx.params.name ?? '');
      if (!g) throw notFound(`Unable to find property group ${ctx.params.name ?? ''}`);
      return { status: 200, body: g };
    },
  },
  {
    method: 'GET',
    path: '/crm/v3/properties/:type/:name',
    bucket: 'burst',
    scope: (p) => schemaScope(p, 'read'),
    handler: (ctx) => {
      const p = table(ctx).properties.get(ctx.params.name ?? '');
      if (!p) throw notFound(`Unable to find property ${ctx.params.name ?? ''}`);
      return { status: 200, body: presentProperty(p) };
    },
  },
  {
    method: 'PATCH',
    path: '/crm/v3/properties/:type/:name',
    bucket: 'burst',
    scope: (p) => schemaScope(p, 'write'),
    handler: (ctx) => {
      const p = table(ctx).properties.get(ctx.params.name ?? '');
      if (!p) throw notFound(`Unable to find property ${ctx.params.name ?? ''}`);
      const b = body(ctx);
      if (b.hasUniqueValue !== undefined && b.hasUniqueValue !== (p.hasUniqueValue ?? false)) throw validation('hasUniqueValue cannot be changed once set.');
      if (p.hubspotDefined && (b.type !== undefined || b.fieldType !== undefined)) throw validation(`${p.name} is a HubSpot-defined property; its definition is read-only.`);
      if (typeof b.label === 'string') p.label = b.label;
      if (typeof b.description === 'string') p.description = b.description;
      if (typeof b.groupName === 'string') p.groupName = b.groupName;
      // PropertyUpdate's `options` replaces the list (an admin adding a dropdown value).
      if (Array.isArray(b.options)) p.options = (b.options as { label: string; value: string }[]).map((o, i) => ({ label: o.label, value: o.value, displayOrder: i, hidden: false }));
      p.updatedAt = nowIso(ctx.now);
      return { status: 200, body: presentProperty(p) };
    },
  },
];

function schemaScope(p: Record<string, string>, access: 'read' | 'write'): string | undefined {
  const def = objectType(p.type ?? '');
  return def ? `crm.schemas.${def.name === 'commerce_payments' ? 'commercepayments' : def.name}.${access}` : undefined;
}

// --- associations v4 ---------------------------------------------------------------------------

function pair(ctx: RouteCtx): { from: ObjectTable; to: ObjectTable } {
  return { from: table(ctx, 'from'), to: table(ctx, 'to') };
}

function mustExist(t: ObjectTable, id: string): void {
  const r = t.byId.get(id);
  if (!r || r.archived) throw notFound(`No ${t.def.singular} with ID ${id} exists.`, [id]);
}

function labelsOf(from: string, to: string, typeIds: number[]): { category: string; typeId: number; label: string | null }[] {
  const known = associationTypesFor(from, to);
  return typeIds.map((typeId) => ({ category: 'HUBSPOT_DEFINED', typeId, label: known.find((k) => k.typeId === typeId)?.label ?? null }));
}

function specTypes(from: string, to: string, specs: unknown): number[] {
  if (!Array.isArray(specs) || specs.length === 0) throw validation('At least one association type is required.');
  const known = associationTypesFor(from, to);
  return (specs as { associationCategory?: string; associationTypeId?: number }[]).map((s) => {
    if (!known.some((k) => k.typeId === s.associationTypeId)) throw validation(`associationTypeId ${String(s.associationTypeId)} is not valid between ${from} and ${to}.`);
    return s.associationTypeId as number;
  });
}

function defaultTypeId(from: string, to: string): number {
  const types = associationTypesFor(from, to);
  return (types.find((t) => t.label === null) ?? types[0])?.typeId ?? 0;
}

function batchInputs(ctx: RouteCtx): Record<string, unknown>[] {
  const list = body(ctx).inputs;
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

const assocScope = (access: 'read' | 'write') => (p: Record<string, string>) => {
  const def = objectType(p.from ?? '');
  return def ? `${def.scope}.${access}` : undefined;
};

const associationRoutes: Route[] = [
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
      for (const typeId of specTypes(from.def.name, to.def.name, ctx.body)) labels.push(...ctx.env.state.associations.create(from.def.name, ctx.params.fromId ?? '', to.def.name, ctx.params.toId ?? '', typeId, ctx.now));
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
        body: { results: page.map((a) => ({ toObjectId: a.toObjectId, associationTypes: labelsOf(from.def.name, to.def.name, a.typeIds) })), ...(after + limit < all.length && { paging: { next: { after: String(after + limit) } } }) },
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
        const typeIds = specTypes(from.def.name, to.def.name, input.types);
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
          results.push({ from: { id }, to: list.map((a) => ({ toObjectId: a.toObjectId, associationTypes: labelsOf(from.def.name, to.def.name, a.typeIds) })) });
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
      const work = batchInputs(ctx).map((input) => ({ fromId: idOf(input.from), toId: idOf(input.to), typeIds: specTypes(from.def.name, to.def.name, input.types) }));
      for (const w of work) for (const typeId of w.typeIds) ctx.env.state.associations.removeLabel(from.def.name, w.fromId, to.def.name, w.toId, typeId, ctx.now);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/crm/v4/associations/:from/:to/labels',
    bucket: 'burst',
    scope: assocScope('read'),
    handler: (ctx) => {
      const { from, to } = pair(ctx);
      return { status: 200, body: { results: associationTypesFor(from.def.name, to.def.name).map((t) => ({ category: 'HUBSPOT_DEFINED', typeId: t.typeId, label: t.label })) } };
    },
  },
];

export const metaRoutes: Route[] = [...propertyRoutes, ...associationRoutes, ...accountRoutes];

export function forbiddenScope(scope: string): HubError {
  return new HubError(
    403,
    errorBody("This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.", {
      category: 'MISSING_SCOPES',
      errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [scope] } }],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    }),
  );
}
