// Properties and property groups (spec §7): list, read, create (one and batch), update, archive (one and batch).
import { objectType, type PropertyDef } from './data.ts';
import { conflict, notFound, validation } from './errors.ts';
import type { ObjectTable } from './state.ts';
import { nowIso, type Route, type RouteCtx } from './route-types.ts';
import { objectBody, objectTable } from './route-input.ts';

const PROPERTY_TYPES = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool', 'phone_number'];
const FIELD_TYPES = ['text', 'textarea', 'html', 'number', 'date', 'file', 'select', 'radio', 'checkbox', 'booleancheckbox', 'phonenumber', 'calculation_equation'];

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

export const propertyRoutes: Route[] = [
  { method: 'GET', path: '/crm/v3/properties/:type', bucket: 'burst', scope: (p) => schemaScope(p, 'read'), handler: (ctx) => ({ status: 200, body: { results: [...objectTable(ctx).properties.values()].map(presentProperty) } }) },
  { method: 'POST', path: '/crm/v3/properties/:type', bucket: 'burst', scope: (p) => schemaScope(p, 'write'), handler: (ctx) => ({ status: 201, body: presentProperty(createPropertyIn(ctx, objectTable(ctx), objectBody(ctx))) }) },
  {
    method: 'POST',
    path: '/crm/v3/properties/:type/batch/create',
    bucket: 'burst',
    scope: (p) => schemaScope(p, 'write'),
    handler: (ctx) => {
      const t = objectTable(ctx);
      const list = (objectBody(ctx).inputs ?? []) as Record<string, unknown>[];
      return { status: 201, body: { status: 'COMPLETE', results: list.map((b) => presentProperty(createPropertyIn(ctx, t, b))), startedAt: nowIso(ctx.now), completedAt: nowIso(ctx.now) } };
    },
  },
  {
    method: 'POST',
    path: '/crm/v3/properties/:type/batch/read',
    bucket: 'burst',
    scope: (p) => schemaScope(p, 'read'),
    handler: (ctx) => {
      const t = objectTable(ctx);
      const list = objectBody(ctx).inputs;
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
      const t = objectTable(ctx);
      const list = objectBody(ctx).inputs;
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
      const t = objectTable(ctx);
      const p = t.properties.get(ctx.params.name ?? '');
      if (!p) throw notFound(`Unable to find property ${ctx.params.name ?? ''}`);
      if (p.hubspotDefined) throw validation(`${p.name} is a HubSpot-defined property and cannot be archived.`, [{ message: 'HubSpot-defined properties cannot be archived', code: 'READ_ONLY_DEFINITION', in: p.name }]);
      t.removeProperty(p.name);
      return { status: 204 };
    },
  },
  { method: 'GET', path: '/crm/v3/properties/:type/groups', bucket: 'burst', scope: (p) => schemaScope(p, 'read'), handler: (ctx) => ({ status: 200, body: { results: [...objectTable(ctx).groups.values()] } }) },
  {
    method: 'POST',
    path: '/crm/v3/properties/:type/groups',
    bucket: 'burst',
    scope: (p) => schemaScope(p, 'write'),
    handler: (ctx) => {
      const t = objectTable(ctx);
      const b = objectBody(ctx);
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
      const g = objectTable(ctx).groups.get(ctx.params.name ?? '');
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
      const p = objectTable(ctx).properties.get(ctx.params.name ?? '');
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
      const p = objectTable(ctx).properties.get(ctx.params.name ?? '');
      if (!p) throw notFound(`Unable to find property ${ctx.params.name ?? ''}`);
      const b = objectBody(ctx);
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
