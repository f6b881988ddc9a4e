// Child lines the destination refuses (mapping.lines.refused): `fail` (absent means fail) — the record
// fails with the destination's reason — or `omit` — the record is written again without the refused
// line, and the line is listed on the record's audit event (in its payload and its message).
// A destination says a failure is one line's alone by naming the line: `WriteResult.line`, the index
// in `UpsertInput.lines`. Other failures (and failures naming no line) are never retried here.
// A line the destination already held from an earlier write is removed there by the destination
// (`WriteResult.removedLines`, see UpsertInput.lines) and named on the event too.
import type { DestinationObject, RemovedLine, UpsertInput, WriteResult } from '../../connectors/kit/types.ts';
import type { Mapping } from '../../preload/contract/index.ts';

export interface OmittedLine {
  /** Position of the line in the record's mapped lines. */
  index: number;
  line: Record<string, unknown>;
  reason: string;
  code?: string;
}

interface Attempt {
  input: UpsertInput;
  /** For each line of `input.lines`, its position in the original lines. */
  positions: number[];
  omitted: OmittedLine[];
}

const refusedLine = (r: WriteResult, a: Attempt): number | null =>
  r.status === 'failed' && r.line !== undefined && Number.isInteger(r.line) && r.line >= 0 && r.line < (a.input.lines?.length ?? 0) ? r.line : null;

/**
 * With the `omit` policy, rewrites each record whose failure names one of its lines without that line,
 * until it is written or fails for another reason (at most once per line). Returns the final results
 * (same order as `inputs`), the inputs finally sent, and the lines left out of each.
 */
export async function omitRefusedLines(
  mapping: Mapping,
  dest: DestinationObject,
  inputs: UpsertInput[],
  results: WriteResult[],
  options: { idProperty: string; signal: AbortSignal },
): Promise<{ results: WriteResult[]; inputs: UpsertInput[]; omitted: OmittedLine[][] }> {
  const attempts: Attempt[] = inputs.map((input) => ({ input, positions: (input.lines ?? []).map((_, i) => i), omitted: [] }));
  const final = [...results];
  if (mapping.lines?.refused === 'omit') {
    for (;;) {
      const again = final.flatMap((r, i) => {
        const line = refusedLine(r, attempts[i]!);
        return line === null ? [] : [{ i, line, r: r as Extract<WriteResult, { status: 'failed' }> }];
      });
      if (!again.length) break;
      for (const { i, line, r } of again) {
        const a = attempts[i]!;
        const lines = a.input.lines!;
        a.omitted.push({ index: a.positions[line]!, line: lines[line]!, reason: r.message, ...(r.code && { code: r.code }) });
        a.positions = a.positions.filter((_, k) => k !== line);
        a.input = { ...a.input, lines: lines.filter((_, k) => k !== line), linePositions: a.positions };
      }
      // Rewritten in as few calls as the destination takes; a run-level error propagates as for any write.
      const out: WriteResult[] = [];
      for (let k = 0; k < again.length; k += dest.maxBatch) {
        const chunk = again.slice(k, k + dest.maxBatch);
        out.push(...(await dest.upsert(chunk.map((x) => attempts[x.i]!.input), options)));
      }
      again.forEach((x, k) => (final[x.i] = out[k]!));
    }
  }
  return { results: final, inputs: attempts.map((a) => a.input), omitted: attempts.map((a) => a.omitted) };
}

/** The audit message of a record written without some of its lines. */
export function omittedMessage(dest: string, omitted: OmittedLine[]): string {
  const list = omitted.map((o) => `line ${o.index + 1}: ${o.reason}`).join('; ');
  return `Written without ${omitted.length === 1 ? '1 line' : `${omitted.length} lines`} ${dest} refused (${list}).`;
}

/** What the audit message adds when the destination removed lines it held from an earlier write. */
export function removedMessage(dest: string, removed: RemovedLine[]): string {
  return `${removed.length === 1 ? 'Its line' : `Its ${removed.length} lines`} ${removed.map((l) => l.key).join(', ')} written earlier ${removed.length === 1 ? 'was' : 'were'} removed from ${dest}.`;
}
