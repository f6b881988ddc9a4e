// The webhook APIs of Service Layer v2 (spec §10.1): company settings, the event catalog, the
// EventSubscriptions entity set with its bound actions, the read-only EventNotifications log and the
// system permission a superuser grants, answered in v2's envelope. Changing subscriptions needs a
// superuser or permission 2249 ("Webhook Manipulation"; others get 403); company settings and
// permissions need a superuser.
import { z } from 'zod';
import type { ApiRequest } from './routes.ts';
import type { SandboxUser } from './core.ts';
import { SlError, badQuery, notFound, validation } from './errors.ts';
import { header, readJson, sendEmpty, sendJson } from './http.ts';
import { sendPage } from './page.ts';
import { parseQuery } from './query.ts';
import { compileFilter } from './filter.ts';
import { compareValues } from '../../kit/sandbox/table.ts';
import { WEBHOOK_MANIPULATION } from './permissions.ts';
import { EVENT_NOTIFICATIONS } from './webhook-events.ts';

const context = (a: ApiRequest, what: string) => ({ '@odata.context': `${a.origin}/b1s/v2/$metadata#${what}` });

const permissionBody = z.object({
  PermissionID: z.union([z.string(), z.number()]).transform(String),
  UserCode: z.string().min(1),
  // The guide's example grants with 1; anything else takes the permission away.
  Permission: z.union([z.number(), z.string()]),
});

export async function handleWebhookApi(a: ApiRequest, path: string): Promise<void> {
  const { core, ex } = a;
  const { messenger } = core;
  const method = ex.method;
  if (path === 'CompanyService_GetAdminInfo' && method === 'POST') {
    folderPaths(a);
    return sendJson(ex, 200, { ...context(a, 'SAPB1.AdminInfo'), ...messenger.adminInfo });
  }
  if (path === 'CompanyService_UpdateAdminInfo' && method === 'POST') {
    requireSuperuser(a, 'Changing the company settings');
    folderPaths(a);
    messenger.updateAdminInfo((await readJson(ex)) ?? {});
    return sendEmpty(ex, 204);
  }
  if (path === 'EventSubscriptionsService_GetEventCatalog' && (method === 'POST' || method === 'GET')) {
    return sendJson(ex, 200, { '@odata.context': `${a.origin}/b1s/v2/EventSubscriptions/$metadata#SAPB1.EventCatagory`, Version: '1.0', Description: 'SAP Business One Event Catalog', value: messenger.catalog() });
  }
  if (path === 'SBOBobService_SetSystemPermission' && method === 'POST') {
    requireSuperuser(a, 'Granting permissions');
    const body = permissionBody.safeParse((await readJson(ex)) ?? {});
    if (!body.success) throw validation('SetSystemPermission needs PermissionID, UserCode and Permission');
    if (!core.users.some((u) => u.name === body.data.UserCode)) throw notFound();
    core.permissions.set(body.data.PermissionID, body.data.UserCode, Number(body.data.Permission) === 1);
    return sendEmpty(ex, 204);
  }
  if (path === 'EventNotifications') {
    if (method !== 'GET') throw new SlError(405, -1000, 'EventNotifications is read-only');
    return eventLog(a);
  }
  const m = /^EventSubscriptions(?:\('((?:[^']|'')*)'\))?(?:\/([A-Za-z]+))?$/.exec(path);
  if (!m) throw new SlError(404, -1000, `Resource not found for the segment '${path}'`);
  const id = m[1]?.replace(/''/g, "'");
  const action = m[2];
  if (method !== 'GET' && !core.permissions.has(userOf(a), WEBHOOK_MANIPULATION)) {
    throw new SlError(403, -1, `No permission for webhook manipulation (permission ${WEBHOOK_MANIPULATION}); ask a superuser to grant it`);
  }
  if (id === undefined) {
    if (method === 'GET') return sendJson(ex, 200, { ...context(a, 'EventSubscriptions'), value: [...messenger.subscriptions.values()].map(present) });
    if (method === 'POST') {
      const sub = await messenger.create((await readJson(ex)) ?? {});
      return sendJson(ex, 201, { ...context(a, 'EventSubscriptions/$entity'), ...present(sub) }, { Location: `${a.origin}/b1s/v2/EventSubscriptions('${sub.WebhookID}')` });
    }
  } else if (action !== undefined) {
    if (method === 'POST') {
      await messenger.action(id, action);
      return sendEmpty(ex, 204);
    }
  } else {
    if (method === 'GET') return sendJson(ex, 200, { ...context(a, 'EventSubscriptions/$entity'), ...present(messenger.get(id)) });
    if (method === 'PATCH') {
      messenger.patch(id, (await readJson(ex)) ?? {}, header(ex, 'b1s-replacecollectionsonpatch')?.toLowerCase() === 'true');
      return sendEmpty(ex, 204);
    }
    if (method === 'DELETE') {
      messenger.remove(id);
      return sendEmpty(ex, 204);
    }
  }
  throw new SlError(405, -1000, `Method ${method} is not allowed on '${path}'`);
}

/** `GET EventNotifications` with `$filter`, `$orderby`, `$top`, `$skip` and server-driven paging. */
function eventLog(a: ApiRequest): void {
  const params = new URLSearchParams(a.rawSearch);
  const q = parseQuery(EVENT_NOTIFICATIONS, params, 'v2');
  if (q.apply || q.projection.expand.length) throw badQuery('EventNotifications takes $filter, $orderby, $top and $skip');
  const switches = a.core.base.switches;
  const test = q.filter === undefined ? undefined : compileFilter(q.filter, { set: EVENT_NOTIFICATIONS, version: 'v2', caseInsensitive: !switches.caseSensitive, v2QuotedLiterals: switches.v2QuotedLiterals });
  let rows = a.core.messenger.logRows().filter((r) => !test || test(r));
  const order = q.orderby ?? [{ prop: 'EventID', desc: false }];
  rows = rows.sort((x, y) => {
    for (const o of order) {
      const c = compareValues(x[o.prop], y[o.prop]);
      if (c !== 0) return o.desc ? -c : c;
    }
    return 0;
  });
  sendPage(a, {
    context: `${a.origin}/b1s/v2/$metadata#EventNotifications`, rows, skip: q.skip, ...(q.top !== undefined && { top: q.top }), count: q.count, linkPath: 'EventNotifications',
    render: (r) => ({ ...r, CreateDate: `${String(r.CreateDate)}T00:00:00Z` }),
  });
}

function folderPaths(a: ApiRequest): void {
  if (!a.core.base.switches.adminInfoFolderPathsValid) throw new SlError(400, 10001237, 'Enter valid folder path');
}

/** The credentials never come back (the Service Layer does not echo them either). */
function present(sub: ReturnType<ApiRequest['core']['messenger']['get']>): Record<string, unknown> {
  const { AuthenticationCred: _cred, ...rest } = sub;
  return rest;
}

function userOf(a: ApiRequest): SandboxUser {
  const sid = /(?:^|;\s*)B1SESSION=([^;]+)/.exec(a.ex.req.headers.cookie ?? '')?.[1];
  const name = a.core.sessions.use(sid)?.data;
  const user = a.core.users.find((u) => u.name === name);
  if (!user) throw new SlError(401, 301, 'Invalid session or session already timeout.');
  return user;
}

function requireSuperuser(a: ApiRequest, what: string): void {
  if (!userOf(a).superuser) throw new SlError(403, -1, `${what} needs a superuser`);
}
