// The Service Layer API under /b1s/v1 and /b1s/v2 (spec §2–§5): Login/Logout, the service document,
// $metadata, collections with paging, `/$count`, entities by key, single properties, create/update/delete
// and bound actions, `$batch`, `$crossjoin`, each answered in the version's own annotations and error envelope.
import type { Exchange } from '../../kit/sandbox/server.ts';
import type { KeyValue } from '../../kit/sandbox/table.ts';
import type { SandboxCore } from './core.ts';
import { ENTITY_SETS, findEntitySet, type EntitySet } from './entities.ts';
import { runApply } from './apply.ts';
import { handleBatch } from './batch.ts';
import { crossjoin } from './crossjoin.ts';
import { badQuery, invalidSession, notSupported, SlError, type ApiVersion } from './errors.ts';
import { caseInsensitiveRequest, cookies, header, readJson, sendEmpty, sendJson, sendText } from './http.ts';
import { metadataXml } from './metadata.ts';
import { sendPage } from './page.ts';
import { parseQuery, selectRows } from './query.ts';
import { parseProjection, renderExpanded } from './expand.ts';
import { etagOf, renderRow } from './render.ts';
import { loginRefusal } from './login.ts';
import { handleWebhookApi } from './webhook-routes.ts';

export interface ApiRequest {
  core: SandboxCore;
  ex: Exchange;
  version: ApiVersion;
  /** Path after `/b1s/vN/`, still percent-encoded. */
  rest: string;
  rawSearch: string;
  origin: string;
}

const ctxKey = (v: ApiVersion) => (v === 'v1' ? 'odata.metadata' : '@odata.context');

export async function handleApi(a: ApiRequest): Promise<void> {
  const { core, ex, version } = a;
  const method = ex.method;
  const path = decodeURIComponent(a.rest);

  if (path === 'Login' && method === 'POST') return login(a);

  const sid = cookies(ex).B1SESSION;
  if (!core.sessions.use(sid)) throw invalidSession(Number(core.base.switches.sessionErrorCode), version === 'v1' && core.base.switches.sessionErrorShape === 'observed');
  if (path === 'Logout' && method === 'POST') {
    core.sessions.close(sid);
    return sendEmpty(ex, 204);
  }
  if (path === '' && method === 'GET') {
    return sendJson(ex, 200, { [ctxKey(version)]: `${a.origin}/b1s/${version}/$metadata`, value: ENTITY_SETS.map((s) => ({ name: s.name, kind: 'EntitySet', url: s.name })) });
  }
  if (path === '$batch' && method === 'POST') return handleBatch(a, handleApi);
  const join = /^\$crossjoin\((.*)\)$/s.exec(path);
  if (join && method === 'GET') return crossjoin(a, join[1]!);
  if (path === '$metadata' && method === 'GET') return sendText(ex, 200, metadataXml(version), 'application/xml;charset=utf-8');

  if (version === 'v2' && /^(EventSubscriptions|EventNotifications|CompanyService_|EventSubscriptionsService_|SBOBobService_SetSystemPermission)/.test(path)) return handleWebhookApi(a, path);

  const m = /^([A-Za-z]+)(?:\((.*)\))?(?:\/(.+))?$/s.exec(path);
  const set = m ? findEntitySet(m[1]!) : undefined;
  if (!m || !set) throw new SlError(404, -1000, `Resource not found for the segment '${path.split('/')[0]}'`);
  const keyText = m[2];
  const tail = m[3];
    const effective = method === 'POST' && typeof ex.req.headers['x-http-method-override'] === 'string' ? ex.req.headers['x-http-method-override'].toUpperCase() : method;

  if (keyText === undefined) {
    if (tail === '$count' && method === 'GET') return count(a, set);
    if (tail !== undefined) throw new SlError(404, -1000, `Resource not found for the segment '${tail}'`);
    if (method === 'GET') return collection(a, set);
    if (method === 'POST') return create(a, set);
    throw new SlError(405, -1000, `Method ${method} is not allowed on '${set.name}'`);
  }
  const key = parseKey(set, keyText);
  if (tail !== undefined) {
    if (method === 'POST' && /^[A-Z][A-Za-z]+$/.test(tail) && !(tail in set.props)) {
      core.state.action(set, key, tail);
      return sendEmpty(ex, 204);
    }
    if (method === 'GET' && tail in set.props) {
      const row = renderRow(set, core.state.get(set, key), version, core.base.switches, [tail]);
      return sendJson(ex, 200, { [ctxKey(version)]: `${a.origin}/b1s/${version}/$metadata#${set.name}(${keyText})/${tail}`, value: row[tail] });
    }
    throw new SlError(404, -1000, `Resource not found for the segment '${tail}'`);
  }
  if (method === 'GET') {
    const row = core.state.get(set, key);
    const projection = parseProjection(set, new URL(`http://x/?${a.rawSearch}`).searchParams);
    const body = { [ctxKey(version)]: `${a.origin}/b1s/${version}/$metadata#${set.name}/${version === 'v1' ? '@Element' : '$entity'}`, ...renderExpanded(set, row, projection, core.state, version, core.base.switches) };
    return sendJson(ex, 200, body, set.etag ? { ETag: etagOf(set, row) } : {});
  }
  if (effective === 'PATCH' || effective === 'PUT' || effective === 'MERGE') {
    const body = (await readJson(ex)) ?? {};
    core.state.patch(set, key, body, header(ex, 'if-match'), (row) => etagOf(set, row));
    return sendEmpty(ex, 204);
  }
  if (effective === 'DELETE') {
    const ifMatch = header(ex, 'if-match');
    if (ifMatch && set.etag && ifMatch !== '*' && ifMatch !== etagOf(set, core.state.get(set, key))) throw new SlError(412, -2039, 'Another user or another operation modified data; to continue, open the window again (ODBC -2039)');
    core.state.remove(set, key);
    return sendEmpty(ex, 204);
  }
  throw notSupported();
}

async function login(a: ApiRequest): Promise<void> {
  const { core, ex, version } = a;
    const body = (await readJson(ex)) ?? {};
  const outcome = loginRefusal(core.users, core.companyDB, body, core.base.switches);
  if (outcome instanceof SlError) throw outcome;
  const { id } = core.sessions.open(outcome.name);
  const minutes = Math.max(1, Math.ceil(core.base.switches.sessionTimeoutSeconds / 60));
  const context = version === 'v1'
    ? { 'odata.metadata': `${a.origin}/b1s/v1/$metadata#B1Sessions/@Element` }
    : { '@odata.context': `${a.origin}/b1s/v2/$metadata#B1Sessions/$entity` };
  sendJson(ex, 200, { ...context, SessionId: id, Version: version === 'v1' ? '1000110' : '1000191', SessionTimeout: minutes }, {
    'Set-Cookie': [`B1SESSION=${id};HttpOnly;`, `ROUTEID=${core.base.switches.routeId}; path=/b1s`],
  });
}

/** `('C001')`, `(CardCode='C001')`, `(17)`, `(DocEntry=17)` (spec §3.1). */
function parseKey(set: EntitySet, text: string): KeyValue {
  const named = new RegExp(`^${set.key}=(.*)$`, 's').exec(text);
  const raw = (named ? named[1]! : text).trim();
  if (set.keyKind === 'int') {
    if (!/^-?\d+$/.test(raw)) throw badQuery(`Invalid key '${text}' for '${set.name}': ${set.key} is a number`);
    return Number(raw);
  }
  const s = /^'((?:[^']|'')*)'$/s.exec(raw);
  if (!s) throw badQuery(`Invalid key '${text}' for '${set.name}': ${set.key} is a quoted string`);
  return s[1]!.replace(/''/g, "'");
}

const caseInsensitive = (a: ApiRequest) => caseInsensitiveRequest(a.ex, a.core.base.switches.caseSensitive);

function count(a: ApiRequest, set: EntitySet): void {
  const params = new URL(`http://x/?${a.rawSearch}`).searchParams;
  const q = parseQuery(set, params, a.version, a.core.base.switches.v2InlineCount);
  const rows = selectRows(set, a.core.state, q, a.version, caseInsensitive(a), a.core.base.switches.v2QuotedLiterals, a.core.cache);
  sendText(a.ex, 200, String(rows.length));
}

function collection(a: ApiRequest, set: EntitySet): void {
  const { core, version } = a;
  const params = new URL(`http://x/?${a.rawSearch}`).searchParams;
  const q = parseQuery(set, params, version, core.base.switches.v2InlineCount);
  const selected = selectRows(set, core.state, q, version, caseInsensitive(a), core.base.switches.v2QuotedLiterals, core.cache);
  sendPage(a, {
    context: `${a.origin}/b1s/${version}/$metadata#${set.name}`,
    rows: q.apply ? runApply(selected, q.apply) : selected,
    skip: q.skip,
    ...(q.top !== undefined && { top: q.top }),
    count: q.count,
    render: (r) => (q.apply ? r : renderExpanded(set, r, q.projection, core.state, version, core.base.switches)),
    linkPath: set.name,
  });
}

async function create(a: ApiRequest, set: EntitySet): Promise<void> {
  const { core, ex, version } = a;
  const body = await readJson(ex);
  if (!body) throw new SlError(400, -1000, 'The request body is empty');
  const row = core.state.create(set, body);
  const key = row[set.key] as KeyValue;
  const location = `${a.origin}/b1s/${version}/${set.name}(${typeof key === 'string' ? `'${key.replace(/'/g, "''")}'` : key})`;
  const etag: Record<string, string> = set.etag ? { ETag: etagOf(set, row) } : {};
  if (/\breturn-no-content\b/i.test(header(ex, 'prefer') ?? '')) {
    return sendEmpty(ex, 204, { Location: location, 'Preference-Applied': 'return-no-content', ...etag });
  }
  sendJson(ex, 201, { [ctxKey(version)]: `${a.origin}/b1s/${version}/$metadata#${set.name}/${version === 'v1' ? '@Element' : '$entity'}`, ...renderRow(set, row, version, core.base.switches) }, { Location: location, ...etag });
}
