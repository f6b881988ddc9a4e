// An object pair's association types and custom labels (associations v4 schema, `definitionsApi` in the
// SDK): GET lists HubSpot's and the custom ones (200), POST creates a USER_DEFINED label (200, its type
// ids, from→to first; switch `associationLabelCreateResults`), PUT renames one (204), DELETE …/labels/{typeId} removes one (204). HubSpot-defined
// types cannot be changed (400); a label associations still carry is refused (400) or taken off them,
// per the switch `associationLabelDeleteInUse`; `associationLabelCap` caps custom labels per pair.
import { conflict, notFound, validation } from './errors.ts';
import { assocScope, pair } from './routes-associations.ts';
import { objectBody } from './route-input.ts';
import type { Route, RouteCtx, RouteResult } from './route-types.ts';

function text(b: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const v = b[field];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || !v.trim()) throw validation(`${field} is required and must not be blank.`, [{ message: 'must not be blank', code: 'REQUIRED_FIELD', in: field }]);
  return v;
}

function listTypes(ctx: RouteCtx): RouteResult {
  const { from, to } = pair(ctx);
  return { status: 200, body: { results: ctx.env.state.associationLabels.typesFor(from.def.name, to.def.name) } };
}

function createLabel(ctx: RouteCtx): RouteResult {
  const { from, to } = pair(ctx);
  const b = objectBody(ctx);
  const name = text(b, 'name', true) as string;
  const label = text(b, 'label', true) as string;
  const inverseLabel = text(b, 'inverseLabel', false);
  const labels = ctx.env.state.associationLabels;
  const cap = ctx.env.switches.associationLabelCap;
  if (labels.countBetween(from.def.name, to.def.name) >= cap) {
    throw validation(`${from.def.name} and ${to.def.name} already have ${cap} custom association labels, the limit; delete one first.`, [{ message: 'too many labels', code: 'TOO_MANY_LABELS', in: 'label' }]);
  }
  const clash = labels.clash(from.def.name, to.def.name, name, label);
  if (clash) throw conflict(`An association label with ${clash} "${clash === 'name' ? name : label}" already exists between ${from.def.name} and ${to.def.name}.`);
  const created = labels.create(from.def.name, to.def.name, name, label, inverseLabel);
  const results = ctx.env.switches.associationLabelCreateResults === 'both' ? created : created.filter((t) => labels.find(from.def.name, to.def.name, t.typeId));
  return { status: 200, body: { results } };
}

/** The pair's custom type the request names; 404 when the pair has no such type, 400 for HubSpot's own. */
function customType(ctx: RouteCtx, raw: unknown): number {
  const { from, to } = pair(ctx);
  const typeId = Number(raw);
  const t = ctx.env.state.associationLabels.find(from.def.name, to.def.name, typeId);
  if (!t) throw notFound(`No association type ${String(raw)} exists from ${from.def.name} to ${to.def.name}.`, [String(raw)]);
  if (t.category !== 'USER_DEFINED') throw validation(`Association type ${typeId} is HUBSPOT_DEFINED; only custom (USER_DEFINED) labels can be changed or deleted.`, [{ message: 'HubSpot-defined type', code: 'READ_ONLY_DEFINITION', in: 'associationTypeId' }]);
  return typeId;
}

function renameLabel(ctx: RouteCtx): RouteResult {
  const b = objectBody(ctx);
  const typeId = customType(ctx, b.associationTypeId);
  const label = text(b, 'label', true) as string;
  const inverseLabel = text(b, 'inverseLabel', false);
  const { from, to } = pair(ctx);
  const labels = ctx.env.state.associationLabels;
  const taken = labels.typesFor(from.def.name, to.def.name).find((t) => t.label === label && t.typeId !== typeId && t.category === 'USER_DEFINED');
  if (taken) throw conflict(`An association label "${label}" already exists between ${from.def.name} and ${to.def.name} (type ${taken.typeId}).`);
  labels.rename(typeId, label, inverseLabel);
  return { status: 204 };
}

function deleteLabel(ctx: RouteCtx): RouteResult {
  const typeId = customType(ctx, ctx.params.typeId);
  const { from, to } = pair(ctx);
  const { associations, associationLabels } = ctx.env.state;
  const carriers = associations.withType(from.def.name, to.def.name, typeId);
  if (carriers.length && ctx.env.switches.associationLabelDeleteInUse === 'refuse') {
    const n = carriers.length;
    throw validation(`Association label ${typeId} is used by ${n} association${n === 1 ? '' : 's'}; take it off them first (POST /crm/v4/associations/${from.def.name}/${to.def.name}/batch/labels/archive).`, [{ message: 'label in use', code: 'LABEL_IN_USE', in: String(typeId) }]);
  }
  for (const c of carriers) associations.removeLabel(from.def.name, c.fromId, to.def.name, c.toId, typeId, ctx.now);
  associationLabels.remove(typeId);
  return { status: 204 };
}

export const associationLabelRoutes: Route[] = [
  { method: 'GET', path: '/crm/v4/associations/:from/:to/labels', bucket: 'burst', scope: assocScope('read'), handler: listTypes },
  { method: 'POST', path: '/crm/v4/associations/:from/:to/labels', bucket: 'burst', scope: assocScope('write'), handler: createLabel },
  { method: 'PUT', path: '/crm/v4/associations/:from/:to/labels', bucket: 'burst', scope: assocScope('write'), handler: renameLabel },
  { method: 'DELETE', path: '/crm/v4/associations/:from/:to/labels/:typeId', bucket: 'burst', scope: assocScope('write'), handler: deleteLabel },
];
