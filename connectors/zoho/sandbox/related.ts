// Related lists (spec §4.1 metadata the official SDK reads before a related-records call):
// `GET /settings/related_lists?module=` names, for a module, every module that looks it up (Accounts →
// Contacts, Deals, Sales_Orders, Invoices…), and `GET /{module}/{id}/{related_list}` lists the records of
// that module whose lookup names the record — `fields` mandatory, `page`/`per_page`, 204 when none.
import { invalidParam, requiredParam } from './errors.ts';
import { hasModule } from './editions.ts';
import { MODULES, MODULE_BY_NAME, type FieldDef, type ModuleDef } from './modules.ts';
import { presentRecord } from './present.ts';
import type { RouteCtx, RouteResult } from './route-types.ts';

interface RelatedList {
  module: ModuleDef;
  /** The lookup field of `module` that points at the parent. */
  via: FieldDef;
  id: string;
}

/** The related lists of `parent`: modules with a (non-self) lookup to it, in the org's module order. */
export function relatedListsOf(parent: ModuleDef): RelatedList[] {
  return MODULES.flatMap((m, i) => {
    if (m === parent) return [];
    const via = m.fields.find((f) => f.data_type === 'lookup' && f.lookup === parent.api_name);
    return via ? [{ module: m, via, id: `${parent.id.slice(0, -4)}${String(4000 + i).padStart(4, '0')}` }] : [];
  });
}

function present(parent: ModuleDef, r: RelatedList, sequence: number): Record<string, unknown> {
  return {
    id: r.id, sequence_number: String(sequence), display_label: r.module.plural_label, api_name: r.module.api_name,
    module: { api_name: r.module.api_name, id: r.module.id }, name: r.module.plural_label, action: null,
    href: `${parent.api_name}/{ENTITYID}/${r.module.api_name}`, type: 'default', connectedmodule: null, linkingmodule: null, visible: true,
  };
}

function parentOf(ctx: RouteCtx): ModuleDef {
  const name = ctx.query.get('module');
  if (!name) throw requiredParam('module');
  const m = MODULE_BY_NAME.get(name);
  if (!m || !hasModule(ctx.env.edition, ctx.env.switches, name)) throw invalidParam('module', 'the module name given seems to be invalid', { api_name: name });
  return m;
}

export function relatedLists(ctx: RouteCtx, id?: string): RouteResult {
  const parent = parentOf(ctx);
  const lists = relatedListsOf(parent).filter((r) => hasModule(ctx.env.edition, ctx.env.switches, r.module.api_name));
  const shown = lists.map((r, i) => present(parent, r, i + 1)).filter((r) => id === undefined || r.id === id);
  if (id !== undefined && !shown.length) throw invalidParam('id', 'the id given seems to be invalid.', { id });
  return { status: 200, body: { related_lists: shown } };
}

export function relatedRecords(ctx: RouteCtx, parent: ModuleDef, recordId: string, listName: string): RouteResult {
  const list = relatedListsOf(parent).find((r) => r.module.api_name === listName);
  if (!list || !hasModule(ctx.env.edition, ctx.env.switches, listName)) throw invalidParam('related_list', 'the related list name given seems to be invalid', { api_name: listName });
  if (!ctx.env.store.table(parent.api_name).has(recordId)) throw invalidParam('id', 'the id given seems to be invalid.', { id: recordId });
  const raw = ctx.query.get('fields');
  if (!raw?.trim()) throw requiredParam('fields');
  const fields = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const perPage = Math.min(200, Math.max(1, Number(ctx.query.get('per_page') ?? 200) || 200));
  const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
  const hits = [...ctx.env.store.table(list.module.api_name).values()].filter((r) => r.values[list.via.api_name] === recordId).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  const slice = hits.slice((page - 1) * perPage, page * perPage);
  if (!slice.length) return { status: 204 };
  return {
    status: 200,
    body: { data: slice.map((r) => presentRecord(ctx.env.store, list.module, r, fields, ctx.env.switches.orgOffsetMinutes)), info: { per_page: perPage, count: slice.length, page, more_records: hits.length > page * perPage } },
  };
}
