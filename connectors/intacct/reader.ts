// Reading with `query` (spec §5.3, §5.6): the fields we need, WHENMODIFIED ≥ (watermark − overlap) in the
// company's zone, ordered by RECORDNO and paged by key (RECORDNO > last) so a resumed or concurrent read
// never skips rows the way offset paging can; pages as large as the gateway allows.
import { FatalError, RecordError } from '../kit/errors.ts';
import type { IntacctClient } from './client.ts';
import { describeErrors, type FunctionResult } from './envelope.ts';
import { el, type XmlTreeElement, type XmlNode } from '../kit/formats/xml-tree.ts';

export type Filter = XmlTreeElement | undefined;

const field = (name: string) => el('field', name);
export const eq = (name: string, value: string) => el('equalto', [field(name), el('value', value)]);
export const gte = (name: string, value: string) => el('greaterthanorequalto', [field(name), el('value', value)]);
export const gt = (name: string, value: string) => el('greaterthan', [field(name), el('value', value)]);
export const inList = (name: string, values: string[]) => el('in', [field(name), ...values.map((v) => el('value', v))]);
export function and(...items: Filter[]): Filter {
  const present = items.filter((i): i is XmlTreeElement => i !== undefined);
  return present.length === 0 ? undefined : present.length === 1 ? present[0] : el('and', present);
}

export function queryCall(object: string, fields: readonly string[], filter: Filter, pageSize: number, offset = 0): XmlTreeElement {
  return el('query', [
    el('object', object),
    el('select', fields.map(field)),
    filter ? el('filter', [filter]) : undefined,
    el('orderby', [el('order', [field('RECORDNO'), el('ascending', null)])]),
    el('options', [el('caseinsensitive', 'false'), el('showprivate', 'true')]),
    el('pagesize', String(pageSize)),
    el('offset', String(offset)),
  ]);
}

/** A record element's fields as a flat object (`DISPLAYCONTACT.EMAIL1` keeps its dotted name). */
export function recordOf(node: XmlNode): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (n: XmlNode, prefix: string) => {
    for (const c of n.children) {
      if (c.children.length) walk(c, `${prefix}${c.name}.`);
      else out[`${prefix}${c.name}`] = c.text;
    }
  };
  walk(node, '');
  return out;
}

/** The result's records, or the gateway's error as a run-level failure (a read cannot fail one record). */
export function rowsOf(result: FunctionResult, what: string): { rows: Record<string, string>[]; remaining: number } {
  if (result.status !== 'success') {
    const permission = result.errors.some((e) => /permission/i.test(`${e.errorno} ${e.description2}`));
    throw new FatalError(`Intacct refused to read ${what}: ${describeErrors(result.errors)}`, {
      code: permission ? 'PERMISSION_DENIED' : 'READ_FAILED', system: 'intacct',
      ...(permission && { hint: `Give the Web Services user read permission on ${what} in Intacct (Company → Roles or user permissions).` }),
    });
  }
  const data = result.data;
  return { rows: (data?.children ?? []).map(recordOf), remaining: Number(data?.attrs.numremaining ?? 0) };
}

export interface KeysetPage {
  rows: Record<string, string>[];
  /** RECORDNO of the last row, to continue after. */
  last: string | null;
}

/** The query of one key-ordered page: the filter's rows with RECORDNO after `after`. */
export function keysetCall(object: string, fields: readonly string[], filter: Filter, pageSize: number, after: string | null): XmlTreeElement {
  return queryCall(object, fields, and(filter, after ? gt('RECORDNO', after) : undefined), pageSize);
}

/**
 * Reads every row matching the filter, RECORDNO after `after`, one page per yield. `first` is the answer
 * to the first page's keysetCall when the caller already sent it alongside other functions in one request.
 */
export async function* keysetPages(client: IntacctClient, object: string, fields: readonly string[], filter: Filter, pageSize: number, after: string | null, signal?: AbortSignal, first?: FunctionResult): AsyncGenerator<KeysetPage> {
  let cursor = after;
  let answered = first;
  for (;;) {
    const result = answered ?? (await client.execute([{ body: keysetCall(object, fields, filter, pageSize, cursor) }], signal ? { signal } : {}))[0];
    answered = undefined;
    const { rows, remaining } = rowsOf(result!, object);
    const last = rows.length ? rows[rows.length - 1]!.RECORDNO ?? null : cursor;
    if (rows.length && !last) throw new RecordError(`Intacct returned ${object} rows without RECORDNO.`, { code: 'BAD_RESPONSE', system: 'intacct' });
    yield { rows, last: remaining > 0 ? last : null };
    if (remaining <= 0 || !rows.length) return;
    cursor = last;
  }
}
