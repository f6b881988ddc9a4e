// Org, users and metadata (spec §4.1, §8, §9): what the official SDK calls before record calls.
import { hasModule } from './editions.ts';
import { invalidModule, invalidParam, requiredParam } from './errors.ts';
import { MODULES, MODULE_BY_NAME, presentField } from './modules.ts';
import type { RouteCtx, RouteResult } from './route-types.ts';

function presentUsers(ctx: RouteCtx): Record<string, unknown>[] {
  return ctx.env.store.users.map((u) => ({
    id: u.id, full_name: u.full_name, email: u.email, zuid: u.zuid, status: 'active', confirm: true,
    role: { name: 'CEO', id: `${ctx.env.store.orgId}000000026005` }, profile: { name: 'Administrator', id: `${ctx.env.store.orgId}000000026011` },
  }));
}

export function currentUser(ctx: RouteCtx): RouteResult {
  const type = ctx.query.get('type') ?? 'AllUsers';
  const users = presentUsers(ctx);
  return { status: 200, body: { users: type === 'CurrentUser' ? users.slice(0, 1) : users, info: { per_page: 200, count: users.length, page: 1, more_records: false } } };
}

/** `GET /users/{id}`: one user, or 204 when the org has no such user. */
export function userById(ctx: RouteCtx, id: string): RouteResult {
  const user = presentUsers(ctx).find((u) => u.id === id);
  return user ? { status: 200, body: { users: [user] } } : { status: 204 };
}

/** `GET /settings/fields/{id}?module=`: one field's metadata. */
export function fieldById(ctx: RouteCtx, id: string): RouteResult {
  const m = fieldsModule(ctx);
  const f = m.fields.map(presentField).find((x) => x.id === id);
  if (!f) throw invalidParam('id', 'the id given seems to be invalid.', { id });
  return { status: 200, body: { fields: [f] } };
}

export function org(ctx: RouteCtx): RouteResult {
  const edition = ctx.env.edition;
  return {
    status: 200,
    body: {
      org: [{
        id: `${ctx.env.store.orgId}000000225001`, company_name: 'Zylker Industrial (sandbox)', primary_email: ctx.env.store.admin.email,
        domain_name: `org${ctx.env.store.orgId}`, zgid: ctx.env.store.orgId, currency: 'US Dollar', currency_symbol: '$', iso_code: 'USD',
        time_zone: 'Etc/UTC', country_code: 'US', type: 'production', mc_status: false,
        license_details: { paid: edition !== 'free', paid_type: edition, users_license_purchased: ctx.env.switches.licences, trial_type: null, paid_expiry: null },
      }],
    },
  };
}

function presentModule(ctx: RouteCtx, m: (typeof MODULES)[number]): Record<string, unknown> {
  const available = hasModule(ctx.env.edition, ctx.env.switches, m.api_name);
  return {
    id: m.id, api_name: m.api_name, module_name: m.api_name, singular_label: m.singular_label, plural_label: m.plural_label,
    api_supported: available, visible: available, creatable: available, editable: available, deletable: available, viewable: available,
    generated_type: 'default', status: available ? 'visible' : 'system_hidden',
  };
}

export function modules(ctx: RouteCtx, name?: string): RouteResult {
  if (name) {
    const m = MODULE_BY_NAME.get(name);
    if (!m || !hasModule(ctx.env.edition, ctx.env.switches, name)) throw invalidModule();
    return { status: 200, body: { modules: [presentModule(ctx, m)] } };
  }
  return { status: 200, body: { modules: MODULES.map((m) => presentModule(ctx, m)) } };
}

function fieldsModule(ctx: RouteCtx): (typeof MODULES)[number] {
  const name = ctx.query.get('module');
  if (!name) throw requiredParam('module');
  const m = MODULE_BY_NAME.get(name);
  if (!m) throw invalidParam('module', 'the module name given seems to be invalid', { api_name: name });
  if (!hasModule(ctx.env.edition, ctx.env.switches, name)) throw invalidModule();
  return m;
}

export function fields(ctx: RouteCtx): RouteResult {
  return { status: 200, body: { fields: fieldsModule(ctx).fields.map(presentField) } };
}
