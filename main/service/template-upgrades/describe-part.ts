// A flow part as the upgrade dialog and the CLI show it: one short line, in the mapping editor's terms.
import type { FieldRule, Schedule, TransformStep } from '../../../preload/contract/index.ts';
import { canonical, ruleTarget, type PartId } from './flow-parts.ts';

const MAX = 300;
const short = (text: string) => (text.length > MAX ? text.slice(0, MAX - 1) + '…' : text);

function step(t: TransformStep): string {
  const params = Object.entries(t).filter(([k]) => k !== 'fn');
  return params.length ? `${t.fn}(${params.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')})` : t.fn;
}

function rule(r: FieldRule): string {
  const from = r.from !== undefined ? r.from : r.template !== undefined ? `"${r.template}"` : `= ${JSON.stringify(r.value)}`;
  return [from, ...(r.transform ?? []).map(step)].join(' → ');
}

function schedule(s: Schedule): string {
  if (s.kind === 'manual') return 'Manual';
  if (s.kind === 'interval') return `Every ${s.minutes} min`;
  return `Cron ${s.expression}`;
}

/** Null when the part is absent. */
export function describePart(part: PartId, value: unknown): string | null {
  if (value === undefined) return null;
  if (part === 'schedule') return schedule(value as Schedule);
  if (ruleTarget(part) !== null) return short(rule(value as FieldRule));
  if (typeof value === 'string') return value;
  return short(canonical(value));
}

const SETTING_LABELS: Record<string, string> = {
  key: 'Key',
  filter: 'Record filter',
  schedule: 'Default schedule',
  lines: 'Lines',
  associations: 'Associations',
  match: 'Match on another flow',
  missingParent: 'Missing parents',
  tables: 'Lookup tables',
  authority: 'Field ownership',
};

export function partLabel(part: PartId): string {
  const to = ruleTarget(part);
  return to !== null ? `Rule "${to}"` : (SETTING_LABELS[part] ?? part);
}
