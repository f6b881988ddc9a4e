// The mapping as the editor holds it: rules get a stable row id (so inputs keep focus while rows are
// added and removed), everything else stays as the contract defines it. Converts back to the
// contract's Mapping for preview and save, and checks it the way the engine will, so errors show
// inline before the service is asked.
import { fieldRuleSchema, type FieldRule, type Mapping, type MappingInput, type TransformStep } from '../../../../preload/contract/index.ts';
import { transformByFn } from './transformCatalogue.ts';

export type SourceMode = 'from' | 'value' | 'template';

export interface RuleRow {
  uid: string;
  rule: FieldRule;
}

export interface MappingDraft {
  key: Mapping['key'];
  rows: RuleRow[];
  tables: Record<string, Record<string, string>>;
  authority: Record<string, 'source' | 'dest'>;
  /** Everything the editor does not edit (child lines, associations, match…), kept as it is. */
  rest: Omit<Mapping, 'key' | 'fields' | 'tables' | 'authority'>;
}

let counter = 0;
export const newUid = () => `r${++counter}`;

export function toDraft(m: Mapping): MappingDraft {
  const { key, fields, tables, authority, ...rest } = m;
  return {
    key: { ...key },
    rows: fields.map((rule) => ({ uid: newUid(), rule })),
    tables: structuredClone(tables),
    authority: { ...authority },
    rest,
  };
}

export function fromDraft(d: MappingDraft): MappingInput {
  return {
    ...d.rest,
    key: d.key,
    fields: d.rows.map((r) => r.rule),
    tables: d.tables,
    authority: Object.fromEntries(Object.entries(d.authority).filter(([to]) => d.rows.some((r) => r.rule.to === to))),
  };
}

export function sourceModeOf(rule: FieldRule): SourceMode {
  return rule.value !== undefined ? 'value' : rule.template !== undefined ? 'template' : 'from';
}

/** A rule switched to another kind of source keeps its destination and transforms. */
export function withSourceMode(rule: FieldRule, mode: SourceMode): FieldRule {
  const base: FieldRule = { to: rule.to, ...(rule.transform ? { transform: rule.transform } : {}) };
  if (mode === 'value') return { ...base, value: '' };
  if (mode === 'template') return { ...base, template: '' };
  return { ...base, from: '' };
}

export function newStep(fn: string): TransformStep {
  const info = transformByFn.get(fn);
  const step: TransformStep = { fn };
  for (const p of info?.params ?? []) {
    if (!p.required) continue;
    step[p.name] = p.type === 'choice' ? (p.choices?.[0] ?? '') : p.type === 'fields' ? [] : '';
  }
  return step;
}

/** Problems keyed by path: `key.from`, `fields.3.to`, `fields.3.transform.0.table`, `tables.terms`. */
export type Problems = Map<string, string>;

const root = (path: string) => path.split('.')[0]!.split('[')[0]!;

export function validateDraft(d: MappingDraft, sourceFields: string[] | null, destFields: string[] | null): Problems {
  const out: Problems = new Map();
  const src = sourceFields ? new Set(sourceFields) : null;
  const dest = destFields ? new Set(destFields) : null;
  if (!d.key.from.trim()) out.set('key.from', 'Choose the source key field');
  else if (src && !src.has(root(d.key.from))) out.set('key.from', `“${d.key.from}” is not a field of the source`);
  if (!d.key.to.trim()) out.set('key.to', 'Choose the destination property that stores the key');
  else if (dest && !dest.has(d.key.to)) out.set('key.to', `“${d.key.to}” is not a destination property`);

  const seen = new Map<string, number>();
  d.rows.forEach(({ rule }, i) => {
    const at = `fields.${i}`;
    if (!rule.to.trim()) out.set(`${at}.to`, 'Choose a destination property');
    else if (dest && !dest.has(rule.to)) out.set(`${at}.to`, `“${rule.to}” is not a destination property`);
    else if (seen.has(rule.to)) out.set(`${at}.to`, `“${rule.to}” is already mapped in row ${seen.get(rule.to)! + 1}`);
    if (rule.to) seen.set(rule.to, seen.get(rule.to) ?? i);

    const mode = sourceModeOf(rule);
    if (mode === 'from') {
      if (!rule.from?.trim()) out.set(`${at}.from`, 'Choose a source field');
      else if (src && !src.has(root(rule.from))) out.set(`${at}.from`, `“${rule.from}” is not a field of the source`);
    } else if (mode === 'template') {
      if (!rule.template?.trim()) out.set(`${at}.template`, 'Write a template, e.g. {City}, {Country}');
      else if (src) {
        for (const m of rule.template.matchAll(/\{([^{}]+)\}/g)) {
          const f = root(m[1]!.trim());
          if (!src.has(f)) out.set(`${at}.template`, `“${f}” in the template is not a field of the source`);
        }
      }
    }
    const parsed = fieldRuleSchema.safeParse(rule);
    if (!parsed.success && !out.has(`${at}.from`) && !out.has(`${at}.template`) && !out.has(`${at}.to`)) out.set(`${at}.to`, parsed.error.issues[0]?.message ?? 'invalid rule');

    (rule.transform ?? []).forEach((step, j) => {
      const tAt = `${at}.transform.${j}`;
      const info = transformByFn.get(step.fn);
      if (!info) return void out.set(tAt, `Unknown transform “${step.fn}”`);
      for (const p of info.params) {
        const v = step[p.name];
        const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
        if (p.required && empty) out.set(`${tAt}.${p.name}`, `${info.label} needs ${p.help}`);
        if (p.type === 'number' && !empty && !Number.isFinite(Number(v))) out.set(`${tAt}.${p.name}`, 'Enter a number');
      }
      if (step.fn === 'lookup' && typeof step['table'] === 'string' && step['table'] && !d.tables[step['table']]) {
        out.set(`${tAt}.table`, `There is no lookup table “${step['table']}”; add it below`);
      }
    });
  });

  for (const [name, rows] of Object.entries(d.tables)) {
    if (!name.trim()) out.set(`tables.${name}`, 'A lookup table needs a name');
    if (Object.keys(rows).some((k) => !k.trim())) out.set(`tables.${name}`, 'Every row needs a code');
  }
  return out;
}

/** Turns the service's problem paths (`fields[3].to`, ['patch','mapping','fields',3,'to']) into ours. */
export function normaliseProblemPath(path: string | (string | number)[]): string {
  const parts = Array.isArray(path) ? path.map(String) : path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const start = parts.indexOf('mapping');
  return (start >= 0 ? parts.slice(start + 1) : parts).filter(Boolean).join('.');
}

export function rowProblems(problems: Problems, index: number): string[] {
  const prefix = `fields.${index}`;
  return [...problems.entries()].filter(([k]) => k === prefix || k.startsWith(`${prefix}.`)).map(([, v]) => v);
}
