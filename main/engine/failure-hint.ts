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
  /** The source reads one record again (replay after a fix there sends the fixed record). */
  rereadable: boolean;
}

export function failureHint(f: FailedRecord): string | undefined {
  if (f.cause !== 'source') return f.hint;
  const system = SYSTEMS.find((s) => s.id === f.sourceSystem)?.label ?? f.sourceSystem;
  const name = f.sourceLabel && f.sourceLabel !== f.sourceId ? ` (${f.sourceLabel})` : '';
  const where = `${system}, in ${f.sourceEntityLabel} record ${f.sourceId}${name}`;
  if (f.rereadable) return `Fix it in ${where} — or in the flow's mapping — then replay.`;
  // A replay could only resend the stored (unfixed) payload: the fixed record comes with the next run,
  // which reads what changed since its last one.
  return `Fix it in ${where}: the next run sends it once it has changed there. Or fix the flow's mapping, then replay.`;
}
