// The portal's owners (CRM users records can be assigned to) and the Owners API v3:
// `GET /crm/v3/owners/` (email filter, `after` cursor, limit ≤ 500, archived) and
// `GET /crm/v3/owners/{ownerId}` (`idProperty=id|userId`). Owner properties (`hubspot_owner_id`)
// only take the id of an active owner.
import { notFound, validation } from './errors.ts';
import { type Route, type RouteCtx, type RouteResult } from './route-types.ts';

export interface Owner {
  id: string;
  userId: number;
  email: string;
  firstName: string;
  lastName: string;
  archived: boolean;
  teams: { id: string; name: string; primary: boolean }[];
  createdAt: string;
  updatedAt: string;
}

const SALES = { id: '4521734', name: 'Sales', primary: true };

/** Ascending by id (the list's cursor order). The last one is a deactivated user: listed only with archived=true. */
export const OWNERS: readonly Owner[] = [
  { id: '110680128', userId: 51234567, email: 'patricia.boyle@zylker.example', firstName: 'Patricia', lastName: 'Boyle', archived: false, teams: [SALES], createdAt: '2023-02-14T09:12:45.301Z', updatedAt: '2024-11-02T16:20:11.004Z' },
  { id: '110680129', userId: 51234568, email: 'omar.haddad@zylker.example', firstName: 'Omar', lastName: 'Haddad', archived: false, teams: [SALES], createdAt: '2023-02-14T09:15:02.118Z', updatedAt: '2024-06-19T08:01:33.760Z' },
  { id: '110680130', userId: 51234569, email: 'lena.fischer@zylker.example', firstName: 'Lena', lastName: 'Fischer', archived: false, teams: [], createdAt: '2023-09-01T12:00:00.000Z', updatedAt: '2023-09-01T12:00:00.000Z' },
  { id: '110680131', userId: 51234570, email: 'tom.reed@zylker.example', firstName: 'Tom', lastName: 'Reed', archived: true, teams: [], createdAt: '2023-02-14T09:20:00.000Z', updatedAt: '2025-01-06T10:00:00.000Z' },
];

/** Whether `value` is the id of an owner records can be assigned to now. */
export function isActiveOwnerId(value: string): boolean {
  return OWNERS.some((o) => !o.archived && o.id === value);
}

function present(o: Owner): Record<string, unknown> {
  return {
    id: o.id,
    email: o.email,
    type: 'PERSON',
    firstName: o.firstName,
    lastName: o.lastName,
    userId: o.userId,
    userIdIncludingInactive: o.userId,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    archived: o.archived,
    teams: o.teams,
  };
}

function archivedParam(ctx: RouteCtx): boolean {
  return ctx.query.get('archived') === 'true';
}

function list(ctx: RouteCtx): RouteResult {
  const limit = ctx.query.has('limit') ? Number(ctx.query.get('limit')) : 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw validation(`limit must be between 1 and 500, got ${ctx.query.get('limit') ?? ''}`, [{ message: 'must be between 1 and 500', code: 'INVALID_LIMIT', in: 'limit' }]);
  const after = ctx.query.get('after');
  const email = ctx.query.get('email')?.toLowerCase();
  const matching = OWNERS.filter((o) => o.archived === archivedParam(ctx) && (!email || o.email === email));
  const start = after ? matching.findIndex((o) => o.id > after) : 0;
  const page = start < 0 ? [] : matching.slice(start, start + limit);
  const more = start >= 0 && start + limit < matching.length;
  const last = page[page.length - 1];
  return { status: 200, body: { results: page.map(present), ...(more && last && { paging: { next: { after: last.id, link: `?after=${last.id}` } } }) } };
}

function readOne(ctx: RouteCtx): RouteResult {
  const key = ctx.params.ownerId ?? '';
  const by = ctx.query.get('idProperty') ?? 'id';
  if (by !== 'id' && by !== 'userId') throw validation(`idProperty must be id or userId, got ${by}`);
  const owner = OWNERS.find((o) => o.archived === archivedParam(ctx) && (by === 'id' ? o.id === key : String(o.userId) === key));
  if (!owner) throw notFound(`Unable to find owner with ${by} ${key}`, [key]);
  return { status: 200, body: present(owner) };
}

export const ownerRoutes: Route[] = [
  { method: 'GET', path: '/crm/v3/owners', bucket: 'burst', scope: () => 'crm.objects.owners.read', handler: list },
  { method: 'GET', path: '/crm/v3/owners/:ownerId', bucket: 'burst', scope: () => 'crm.objects.owners.read', handler: readOne },
];
