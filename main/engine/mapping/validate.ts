// Checks a mapping before it is saved: every transform exists and has its parameters, every lookup
// table exists, and (when the live field lists are known) every source and destination field exists,
// the record filter's fields among them.
// Each problem names the rule, so the editor can point at it.
import type { Mapping, FieldRule } from '../../../preload/contract/index.ts';
import { transforms } from './transforms.ts';

export interface MappingProblem {
  path: string;
  message: string;
}

export interface KnownFields {
  source?: string[];
  dest?: string[];
  lineSource?: string[];
  lineDest?: string[];
}

function checkRules(rules: FieldRule[], mapping: Mapping, where: string, srcKnown: Set<string> | null, destKnown: Set<string> | null, out: MappingProblem[]) {
  rules.forEach((rule, i) => {
    const at = `${where}[${i}]`;
    if (destKnown && !destKnown.has(rule.to)) out.push({ path: `${at}.to`, message: `unknown destination field "${rule.to}"` });
    if (rule.from && srcKnown && !srcKnown.has(rule.from.split('.')[0]!)) out.push({ path: `${at}.from`, message: `unknown source field "${rule.from}"` });
    if (rule.template && srcKnown) {
      for (const m of rule.template.matchAll(/\{([^{}]+)\}/g)) {
        const f = m[1]!.trim().split('.')[0]!;
        if (!srcKnown.has(f)) out.push({ path: `${at}.template`, message: `unknown source field "${f}" in template` });
      }
    }
    (rule.transform ?? []).forEach((step, j) => {
      const spec = transforms[step.fn];
      const tAt = `${at}.transform[${j}]`;
      if (!spec) {
        out.push({ path: tAt, message: `unknown transform "${step.fn}" (known: ${Object.keys(transforms).join(', ')})` });
        return;
      }
      for (const [name, p] of Object.entries(spec.params)) {
        if (p.required && !(name in step)) out.push({ path: `${tAt}.${name}`, message: `transform "${step.fn}" needs "${name}" (${p.help})` });
      }
      if (step.fn === 'lookup' && typeof step.table === 'string' && !mapping.tables[step.table]) {
        out.push({ path: `${tAt}.table`, message: `lookup table "${step.table}" does not exist in this mapping` });
      }
    });
  });
}

export function validateMapping(mapping: Mapping, known: KnownFields = {}): MappingProblem[] {
  const out: MappingProblem[] = [];
  const src = known.source ? new Set(known.source) : null;
  const dest = known.dest ? new Set(known.dest) : null;
  if (src && !src.has(mapping.key.from.split('.')[0]!)) out.push({ path: 'key.from', message: `unknown source field "${mapping.key.from}"` });
  (mapping.filter ?? []).forEach((c, i) => {
    if (src && !src.has(c.field.split('.')[0]!)) out.push({ path: `filter[${i}].field`, message: `unknown source field "${c.field}" in filter` });
  });
  checkRules(mapping.fields, mapping, 'fields', src, dest, out);
  if (mapping.lines) {
    checkRules(mapping.lines.fields, mapping, 'lines.fields', known.lineSource ? new Set(known.lineSource) : null, known.lineDest ? new Set(known.lineDest) : null, out);
  }
  if (mapping.missingParent === 'create' && !mapping.associations.some((a) => a.required)) {
    out.push({ path: 'missingParent', message: 'missingParent "create" needs a required association: it names the parent flow that writes the parent first' });
  }
  const seen = new Set<string>();
  mapping.fields.forEach((r, i) => {
    if (seen.has(r.to)) out.push({ path: `fields[${i}].to`, message: `destination field "${r.to}" is mapped twice` });
    seen.add(r.to);
  });
  return out;
}
