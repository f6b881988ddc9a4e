// What the properties and associations routes both read from a request: the object type a path
// parameter names (404 as HubSpot words it when unknown) and a JSON object body (400 otherwise).
import { objectType } from './data.ts';
import { notFound, validation } from './errors.ts';
import type { ObjectTable } from './state.ts';
import type { RouteCtx } from './route-types.ts';

export function objectTable(ctx: RouteCtx, key = 'type'): ObjectTable {
  const def = objectType(ctx.params[key] ?? '');
  const t = def && ctx.env.state.tables.get(def.name);
  if (!t) throw notFound(`Unable to infer object type from: ${ctx.params[key] ?? ''}`);
  return t;
}

export function objectBody(ctx: RouteCtx): Record<string, unknown> {
  if (!ctx.body || typeof ctx.body !== 'object' || Array.isArray(ctx.body)) throw validation('Invalid input JSON: expected an object');
  return ctx.body as Record<string, unknown>;
}
