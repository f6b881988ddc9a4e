// A flow, for a template upgrade, is a set of parts compared one by one: its schedule, the key, the record
// filter, each field rule (by the property it writes) and each other mapping setting. A change the admin
// accepts replaces one part and leaves every other part of the flow as the admin has it.
import type { FieldRule, Mapping, Schedule } from '../../../preload/contract/index.ts';

/** What an upgrade compares and changes: the flow's schedule and mapping. */
export interface FlowShape {
  schedule: Schedule;
  mapping: Mapping;
}

export type PartId = string;

/** The mapping settings compared whole (one change each). */
const SETTINGS = ['lines', 'associations', 'match', 'missingParent', 'tables', 'authority'] as const;
type Setting = (typeof SETTINGS)[number];

const RULE = 'rule:';
export const ruleTarget = (part: PartId): string | null => (part.startsWith(RULE) ? part.slice(RULE.length) : null);

/** Absent and its documented default are the same setting (a template that spells the default out changes nothing). */
function setting(mapping: Mapping, name: Setting): unknown {
  const v = mapping[name];
  if (name === 'missingParent') return v ?? 'wait';
  if (name === 'lines' && v) return { ...(v as object), refused: (v as NonNullable<Mapping['lines']>).refused ?? 'fail' };
  if ((name === 'associations' && Array.isArray(v) && v.length === 0) || (name === 'tables' || name === 'authority') && v && Object.keys(v).length === 0) return undefined;
  return v;
}

/** Every part of a flow with its value (undefined: the flow has none). */
export function partsOf(flow: FlowShape): Map<PartId, unknown> {
  const parts = new Map<PartId, unknown>([
    ['schedule', flow.schedule],
    ['key', flow.mapping.key],
    ['filter', flow.mapping.filter?.length ? flow.mapping.filter : undefined],
  ]);
  for (const rule of flow.mapping.fields) if (!parts.has(RULE + rule.to)) parts.set(RULE + rule.to, rule);
  for (const name of SETTINGS) parts.set(name, setting(flow.mapping, name));
  return parts;
}

/** JSON with sorted keys, so two equal values compare equal whatever order their keys were written in. */
export function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

export const samePart = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * `flow` with one part set to `value` (undefined removes it). A new rule goes after the rule that
 * precedes it in `order` (the newest template's rule order) and is in the flow, else first.
 */
export function withPart(flow: FlowShape, part: PartId, value: unknown, order: string[] = []): FlowShape {
  if (part === 'schedule') return { ...flow, schedule: value as Schedule };
  const m = flow.mapping;
  if (part === 'key') return { ...flow, mapping: { ...m, key: value as Mapping['key'] } };
  if (part === 'filter') {
    const { filter: _old, ...rest } = m;
    return { ...flow, mapping: value === undefined ? rest : { ...rest, filter: value as Mapping['filter'] } };
  }
  const to = ruleTarget(part);
  if (to !== null) {
    const fields = [...m.fields];
    const at = fields.findIndex((r) => r.to === to);
    if (value === undefined) {
      if (at >= 0) fields.splice(at, 1);
    } else if (at >= 0) {
      fields[at] = value as FieldRule;
    } else {
      const before = order.slice(0, Math.max(0, order.indexOf(to))).reverse().find((t) => fields.some((r) => r.to === t));
      fields.splice(before === undefined ? 0 : fields.findIndex((r) => r.to === before) + 1, 0, value as FieldRule);
    }
    return { ...flow, mapping: { ...m, fields } };
  }
  if ((SETTINGS as readonly string[]).includes(part)) {
    const name = part as Setting;
    if (value === undefined) {
      const empty = name === 'associations' ? [] : name === 'tables' || name === 'authority' ? {} : undefined;
      const { [name]: _old, ...rest } = m;
      return { ...flow, mapping: (empty === undefined ? rest : { ...rest, [name]: empty }) as Mapping };
    }
    return { ...flow, mapping: { ...m, [name]: value } };
  }
  throw new Error(`Unknown flow part "${part}"`);
}

/**
 * What the template said of each part of a flow, as far as the flow has taken it (stored per flow, see
 * migration 0014). `null` is a part the template did not have. An incomplete base (a flow built before
 * bases were kept, from a template version no longer on disk) knows only the parts decided since:
 * every other difference is the admin's to decide, as a conflict.
 */
export interface PartsBase {
  complete: boolean;
  parts: Record<PartId, unknown>;
}

export const UNKNOWN: unique symbol = Symbol('unknown part');

export function baseOf(shape: FlowShape): PartsBase {
  return { complete: true, parts: Object.fromEntries([...partsOf(shape)].map(([p, v]) => [p, v ?? null])) };
}

export const unknownBase = (): PartsBase => ({ complete: false, parts: {} });

export function basePart(base: PartsBase, part: PartId): unknown {
  if (Object.hasOwn(base.parts, part)) return base.parts[part] ?? undefined;
  return base.complete ? undefined : UNKNOWN;
}

export const withBasePart = (base: PartsBase, part: PartId, value: unknown): PartsBase => ({ ...base, parts: { ...base.parts, [part]: value ?? null } });

export const isPartsBase = (v: unknown): v is PartsBase => Boolean(v && typeof v === 'object' && typeof (v as PartsBase).complete === 'boolean' && typeof (v as PartsBase).parts === 'object');
