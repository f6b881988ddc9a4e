// What a template update would change: for each integration (a template between one ERP and one CRM
// connection) whose flows were built from an older template version, each flow's parts compared three
// ways — the template's part as the flow was built (its base), the newest template's, the flow's now:
//   base = newest            nothing changed in the template
//   flow = newest            already so (the admin made the same change)
//   flow = base              a clean change: the template's can be taken
//   otherwise                a conflict: the admin edited it; kept unless they take the template's
// plus the flows the newest version adds.
import { mappingSchema, scheduleSchema, type UpgradeChange, type UpgradeChangeKind } from '../../../preload/contract/index.ts';
import type { FlowRow, Store } from '../../store/index.ts';
import type { TemplateFile, TemplateFlow, TemplateSource } from '../templates.ts';
import { builtMapping, connectionsOf, integrationFlows, integrationId, templateKeyOf } from '../template-flow.ts';
import { keyPrefixFor } from '../key-prefix.ts';
import { baseOf, basePart, isPartsBase, partsOf, ruleTarget, samePart, unknownBase, UNKNOWN, type FlowShape, type PartId, type PartsBase } from './flow-parts.ts';
import { describePart, partLabel } from './describe-part.ts';

export interface PlannedChange extends UpgradeChange {
  /** The flow part it changes; null for a new flow. */
  part: PartId | null;
}

export interface FlowPlan {
  /** Null for a flow the newest version adds. */
  row: FlowRow | null;
  key: string;
  templateFlow: TemplateFlow;
  base: PartsBase;
  /** The newest template's flow, built for this integration. */
  next: FlowShape;
  /** The newest template's rule order (where a new rule goes). */
  ruleOrder: string[];
  changes: PlannedChange[];
}

export interface IntegrationPlan {
  id: string;
  template: TemplateFile;
  erpId: string;
  crmId: string;
  keyPrefix: string | undefined;
  /** Template flow key → flow id, for the flows the integration has. */
  ids: Map<string, string>;
  /** Every outdated flow (some may have nothing left to decide) and every new flow offered. */
  flows: FlowPlan[];
}

type Ctx = { store: Store; templates: TemplateSource };

const RULE_KINDS = { added: 'ruleAdded', removed: 'ruleRemoved', changed: 'ruleChanged' } as const;
const PART_KINDS: Record<string, UpgradeChangeKind> = { schedule: 'scheduleChanged', key: 'keyChanged', filter: 'filterChanged' };

function changeKind(part: PartId, base: unknown, next: unknown, current: unknown): UpgradeChangeKind {
  if (ruleTarget(part) === null) return PART_KINDS[part] ?? 'settingChanged';
  if (next === undefined) return RULE_KINDS.removed;
  return base === undefined || (base === UNKNOWN && current === undefined) ? RULE_KINDS.added : RULE_KINDS.changed;
}

/** The parts compared, in the order shown: schedule, key, filter, rules (newest order, then removed ones), settings. */
function partOrder(base: PartsBase, next: Map<PartId, unknown>): PartId[] {
  const rules = [...next.keys(), ...Object.keys(base.parts)].filter((p) => ruleTarget(p) !== null);
  const rest = [...next.keys()].filter((p) => ruleTarget(p) === null);
  return [...new Set([...rest.slice(0, 3), ...rules, ...rest.slice(3)])];
}

export function diffFlow(flowId: string, base: PartsBase, next: FlowShape, current: FlowShape): PlannedChange[] {
  const nextParts = partsOf(next);
  const currentParts = partsOf(current);
  const changes: PlannedChange[] = [];
  for (const part of partOrder(base, nextParts)) {
    const [b, n, c] = [basePart(base, part), nextParts.get(part), currentParts.get(part)];
    if (b !== UNKNOWN && samePart(b, n)) continue;
    if (samePart(c, n)) continue;
    changes.push({
      id: `${flowId}:${part}`,
      part,
      kind: changeKind(part, b, n, c),
      label: partLabel(part),
      before: b === UNKNOWN ? null : describePart(part, b),
      template: describePart(part, n),
      current: describePart(part, c),
      conflict: b === UNKNOWN || !samePart(c, b),
    });
  }
  return changes;
}

/** The flow's base: kept since it was built, else rebuilt from the template version it records, else unknown. */
function baseFor(ctx: Ctx, row: FlowRow, template: TemplateFile, key: string, ids: Map<string, string>, keyPrefix: string | undefined): PartsBase {
  const stored = ctx.store.templateBases.get(row.id)?.base;
  if (isPartsBase(stored)) return stored;
  const old = ctx.templates.atVersion(template.id, row.templateVersion ?? 1)?.flows.find((f) => f.key === key);
  return old ? baseOf({ schedule: old.schedule, mapping: builtMapping(old, ids, keyPrefix) }) : unknownBase();
}

function keyPrefixOf(ctx: Ctx, template: TemplateFile, erpId: string, crmId: string, flows: FlowRow[], all: FlowRow[]): string | undefined {
  for (const f of flows) {
    const stored = ctx.store.templateBases.get(f.id);
    if (stored) return stored.keyPrefix ?? undefined;
  }
  try {
    return keyPrefixFor(template, erpId, crmId, undefined, all, (id) => id);
  } catch {
    return undefined;
  }
}

export const currentShape = (row: FlowRow): FlowShape => ({ schedule: scheduleSchema.parse(row.schedule), mapping: mappingSchema.parse(row.mapping) });

export function planIntegration(ctx: Ctx, template: TemplateFile, erpId: string, crmId: string, all: FlowRow[] = ctx.store.flows.list()): IntegrationPlan | null {
  const flows = integrationFlows(all, template, erpId, crmId);
  const outdated = [...flows.values()].filter((r) => (r.templateVersion ?? 1) < template.version);
  if (!outdated.length) return null;
  const id = integrationId(template.id, erpId, crmId);
  const ids = new Map([...flows].map(([k, r]) => [k, r.id]));
  const keyPrefix = keyPrefixOf(ctx, template, erpId, crmId, [...flows.values()], all);
  const build = (tf: TemplateFlow): FlowShape => ({ schedule: tf.schedule, mapping: builtMapping(tf, ids, keyPrefix) });
  const plans: FlowPlan[] = [];
  for (const row of outdated) {
    const key = templateKeyOf(row)!;
    const tf = template.flows.find((f) => f.key === key);
    if (!tf) continue; // the newest version no longer has it: nothing to offer, the flow stays as it is
    const base = baseFor(ctx, row, template, key, ids, keyPrefix);
    const next = build(tf);
    plans.push({ row, key, templateFlow: tf, base, next, ruleOrder: tf.mapping.fields.map((r) => r.to), changes: diffFlow(row.id, base, next, currentShape(row)) });
  }
  // Flows the newest version adds: not in the version the integration was built from (the oldest of its
  // flows), not built, not declined before. Unknown when that version is gone: then none is offered.
  const oldest = Math.min(...[...flows.values()].map((r) => r.templateVersion ?? 1));
  const old = ctx.templates.atVersion(template.id, oldest);
  const declined = ctx.store.templateBases.declined(id);
  for (const tf of template.flows) {
    if (!old || flows.has(tf.key) || old.flows.some((f) => f.key === tf.key) || declined.has(tf.key)) continue;
    plans.push({
      row: null,
      key: tf.key,
      templateFlow: tf,
      base: unknownBase(),
      next: build(tf),
      ruleOrder: tf.mapping.fields.map((r) => r.to),
      changes: [{ id: `add:${tf.key}`, part: null, kind: 'flowAdded', label: `New flow "${tf.name}"`, before: null, template: tf.description, current: null, conflict: false }],
    });
  }
  // In the template's order, as setup lists them.
  const order = (p: FlowPlan) => template.flows.findIndex((f) => f.key === p.key);
  return { id, template, erpId, crmId, keyPrefix, ids, flows: plans.sort((a, b) => order(a) - order(b)) };
}

/** Every integration built from an older template version than the newest. */
export function planUpgrades(ctx: Ctx): IntegrationPlan[] {
  const all = ctx.store.flows.list();
  const latest = new Map(ctx.templates.latest().filter((t) => !t.coming).map((t) => [t.id, t]));
  const seen = new Set<string>();
  const plans: IntegrationPlan[] = [];
  for (const row of all) {
    const template = row.template ? latest.get(row.template.split('/')[0]!) : undefined;
    const ends = template && connectionsOf(ctx.store, template, row);
    if (!template || !ends || seen.has(integrationId(template.id, ends.erpId, ends.crmId))) continue;
    seen.add(integrationId(template.id, ends.erpId, ends.crmId));
    const plan = planIntegration(ctx, template, ends.erpId, ends.crmId, all);
    if (plan) plans.push(plan);
  }
  return plans;
}
