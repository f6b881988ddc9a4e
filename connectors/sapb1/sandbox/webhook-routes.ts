// The webhook APIs of Service Layer v2 (spec §10.1): company settings, the event catalog and the
// EventSubscriptions entity set with its bound actions, answered in v2's envelope. Only a superuser
// (the sandbox's `manager`) may manage subscriptions; others get 403 as without permission 2249.
import type { ApiRequest } from './routes.ts';
import { SlError } from './errors.ts';
import { header, readJson, sendEmpty, sendJson } from './http.ts';

const context = (a: ApiRequest, what: string) => ({ '@odata.context': `${a.origin}/b1s/v2/$metadata#${what}` });

export async function handleWebhookApi(a: ApiRequest, path: string): Promise<void> {
  const { core, ex } = a;
  const { messenger } = core;
  const method = ex.method;
  if (path === 'CompanyService_GetAdminInfo' && method === 'POST') return sendJson(ex, 200, { ...context(a, 'SAPB1.AdminInfo'), ...messenger.adminInfo });
  if (path === 'CompanyService_UpdateAdminInfo' && method === 'POST') {
    messenger.updateAdminInfo((await readJson(ex)) ?? {});
    return sendEmpty(ex, 204);
  }
  if (path === 'EventSubscriptionsService_GetEventCatalog' && (method === 'POST' || method === 'GET')) {
    return sendJson(ex, 200, { '@odata.context': `${a.origin}/b1s/v2/EventSubscriptions/$metadata#SAPB1.EventCatagory`, Version: '1.0', Description: 'SAP Business One Event Catalog', value: messenger.catalog() });
  }
  const m = /^EventSubscriptions(?:\('((?:[^']|'')*)'\))?(?:\/([A-Za-z]+))?$/.exec(path);
  if (!m) throw new SlError(404, -1000, `Resource not found for the segment '${path}'`);
  const id = m[1]?.replace(/''/g, "'");
  const action = m[2];
  if (method !== 'GET') requireSuperuser(a);
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

/** The credentials never come back (the Service Layer does not echo them either). */
function present(sub: ReturnType<ApiRequest['core']['messenger']['get']>): Record<string, unknown> {
  const { AuthenticationCred: _cred, ...rest } = sub;
  return rest;
}

function requireSuperuser(a: ApiRequest): void {
  const sid = /(?:^|;\s*)B1SESSION=([^;]+)/.exec(a.ex.req.headers.cookie ?? '')?.[1];
  const user = a.core.sessions.use(sid)?.data;
  if (user !== 'manager') throw new SlError(403, -1, 'No permission for webhook manipulation (permission 2249); ask a superuser to grant it');
}
