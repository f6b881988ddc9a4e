// Applies a flow's mapping to one source record. Pure: the same record and mapping always give the
// same payload, which is what makes the payload hash a safe "unchanged" test.
import type { Mapping, FieldRule } from '../../../preload/contract/index.ts';
import { getPath } from './paths.ts';
import { transforms, TransformFailure, type TransformContext } from './transforms.ts';

export interface FieldError {
  field?: string;
  message: string;
}

export interface AssociationRef {
  object: string;
  /** The template/flow key or flow id whose id_map resolves the parent. */
  flow: string;
  sourceId: string;
  label?: string;
  required: boolean;
}

export interface MappedRecord {
  sourceId: string;
  properties: Record<string, unknown>;
  lines?: Record<string, unknown>[];
  associations: AssociationRef[];
}

export type MapResult = { ok: true; value: MappedRecord } | { ok: false; errors: FieldError[] };

const PLACEHOLDER = /\{([^{}]+)\}/g;

/** Text of a scalar; objects and arrays (which a source may carry in odd places) become JSON, never "[object Object]" or a throw. */
export function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function renderTemplate(template: string, record: unknown): string {
  return tidyTemplateText(template.replace(PLACEHOLDER, (_, path: string) => scalarText(getPath(record, path.trim())).trim()));
}

/** What the tidy-up below could change: a separator character, doubled whitespace, or whitespace at an end. */
const UNTIDY = /[,;:|·—–-]|\s\s|^\s|\s$/;

/**
 * Empty parts leave dangling separators ("Line 1, , Leeds", "Order 12 — " for a deal with no
 * description, "Note: " for an empty note): tidy them. A dash or pipe counts as a separator only with a
 * space before it, a colon only at the end, so "ORD-12" and "12:30" are left alone. Text with none of
 * what the rules look for is returned as it is (most names and addresses): one test instead of eight
 * replacements for every template of every record.
 */
export function tidyTemplateText(out: string): string {
  if (!UNTIDY.test(out)) return out;
  return out
    .replace(/(\s*[,;]\s*)+(?=[,;]|$)/g, '')
    .replace(/^\s*[,;]\s*/, '')
    .replace(/(\s+[—–|·:-])+\s*$/, '')
    .replace(/\s*:\s*$/, '')
    .replace(/^\s*[—–|·:-]\s+/, '')
    .replace(/(\s[—–|·-])(\s+[—–|·-])+(?=\s)/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

function applyRule(rule: FieldRule, record: unknown, ctx: TransformContext): unknown {
  let value: unknown = rule.value !== undefined ? rule.value : rule.template !== undefined ? renderTemplate(rule.template, record) : getPath(record, rule.from!);
  for (const step of rule.transform ?? []) {
    const spec = transforms[step.fn];
    if (!spec) throw new TransformFailure(`unknown transform "${step.fn}"`);
    if (step.fn === 'concat') {
      const fields = Array.isArray(step.fields) ? step.fields : [];
      const sep = typeof step.separator === 'string' ? step.separator : ' ';
      value = [value, ...fields.map((f) => getPath(record, f))]
        .map((v) => scalarText(v).trim())
        .filter((v) => v !== '')
        .join(sep);
      continue;
    }
    value = spec.fn(value, step, ctx);
  }
  return value;
}

function mapFields(rules: FieldRule[], record: unknown, ctx: TransformContext, errors: FieldError[], prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const rule of rules) {
    try {
      const v = applyRule(rule, record, ctx);
      if (v !== undefined) out[rule.to] = v;
    } catch (e) {
      if (e instanceof TransformFailure) errors.push({ field: prefix + rule.to, message: `${prefix + rule.to}: ${e.message}` });
      else throw e;
    }
  }
  return out;
}

/** The record's key; only a string or a number is a key (an object would make every record "[object Object]"). */
export function sourceKeyOf(mapping: Pick<Mapping, 'key'>, record: unknown): string | null {
  const v = getPath(record, mapping.key.from);
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const s = withoutSourcePrefix(mapping.key, String(v).trim());
  return s === '' ? null : s;
}

/** A key as read from the source, less the key's `sourcePrefix`; null when it lacks the prefix (another origin's). */
export function withoutSourcePrefix(key: Pick<Mapping['key'], 'sourcePrefix'>, text: string): string | null {
  if (!key.sourcePrefix) return text;
  return text.startsWith(key.sourcePrefix) ? text.slice(key.sourcePrefix.length).trim() : null;
}

export function applyMapping(mapping: Mapping, record: Record<string, unknown>): MapResult {
  const errors: FieldError[] = [];
  const sourceId = sourceKeyOf(mapping, record);
  if (sourceId === null) {
    const raw = getPath(record, mapping.key.from);
    const why = raw !== null && typeof raw === 'object' ? 'holds a list or an object, not a key' : 'is empty';
    return { ok: false, errors: [{ field: mapping.key.to, message: `the key field "${mapping.key.from}" ${why}` }] };
  }
  const ctx: TransformContext = { tables: mapping.tables };
  const properties = mapFields(mapping.fields, record, ctx, errors);
  properties[mapping.key.to] = mapping.key.prefix ? mapping.key.prefix + sourceId : sourceId;

  let lines: Record<string, unknown>[] | undefined;
  if (mapping.lines) {
    const raw = getPath(record, mapping.lines.from);
    const items = Array.isArray(raw) ? raw : [];
    lines = items.map((item, i) => mapFields(mapping.lines!.fields, item, ctx, errors, `lines[${i}].`));
  }

  const associations: AssociationRef[] = [];
  for (const a of mapping.associations) {
    const parent = getPath(record, a.from);
    if (scalarText(parent).trim() === '' || typeof parent === 'object') {
      if (a.required) errors.push({ field: a.object, message: `${a.object}: the parent key "${a.from}" is empty` });
      continue;
    }
    associations.push({ object: a.object, flow: a.flow, sourceId: scalarText(parent).trim(), required: a.required, ...(a.label && { label: a.label }) });
  }

  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { sourceId, properties, ...(lines && { lines }), associations } };
}

/**
 * Properties a two-way flow may write on an update: those whose authority is not the destination. A
 * mapping that gives the destination no field gets its properties back as they are (this runs twice
 * for every record; a copy of each would be garbage). Callers never change what they get.
 */
export function writableOnUpdate(mapping: Mapping, properties: Record<string, unknown>): Record<string, unknown> {
  const authority = mapping.authority;
  let destOwns = false;
  for (const k in authority) if (authority[k] === 'dest') destOwns = true;
  if (!destOwns) return properties;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(properties)) if (authority[k] !== 'dest') out[k] = properties[k];
  return out;
}
