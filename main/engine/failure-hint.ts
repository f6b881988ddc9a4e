// Where to fix a record the destination refused because of its data: the source record itself, named
// by system, entity, id and name ("Fix it in Sage 300, in AR customers record C000123 (Acme Corp) …"),
// which the destination's own hint cannot know. Failures the destination's state caused (a duplicate,
// a missing option) keep the destination's hint.
import { SYSTEMS } from '../../connectors/systems.ts';

export interface FailedRecord {
  cause: 'source' | 'destination' | undefined;
  hint: string | undefined;
  sourceSystem: string;
  sourceEntityLabel: string;
  sourceId: string;
  sourceLabel: string | null;
}

export function failureHint(f: FailedRecord): string | undefined {
  if (f.cause !== 'source') return f.hint;
  const system = SYSTEMS.find((s) => s.id === f.sourceSystem)?.label ?? f.sourceSystem;
  const name = f.sourceLabel && f.sourceLabel !== f.sourceId ? ` (${f.sourceLabel})` : '';
  return `Fix it in ${system}, in ${f.sourceEntityLabel} record ${f.sourceId}${name} — or in the flow's mapping — then replay.`;
}
