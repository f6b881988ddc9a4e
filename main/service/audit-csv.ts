import type { RecordEventDetail } from '../store/index.ts';

const COLUMNS = ['id', 'at', 'flow', 'flowId', 'runId', 'action', 'sourceSystem', 'sourceEntity', 'sourceId', 'sourceLabel', 'destObject', 'destId', 'attempt', 'errorCode', 'errorMessage', 'errorHint', 'errorCause', 'replayOf', 'resolved', 'mappedPayload'] as const;

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets don't run it as a formula. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** `flowName` turns a flow id into the name the admin knows it by (a deleted flow keeps its id). */
export function toCsv(rows: RecordEventDetail[], flowName: (flowId: string) => string = (id) => id): string {
  const lines = [COLUMNS.join(',')];
  for (const r of rows) {
    const values: Record<(typeof COLUMNS)[number], unknown> = {
      id: r.id,
      at: r.at,
      flow: flowName(r.flowId),
      flowId: r.flowId,
      runId: r.runId,
      action: r.action,
      sourceSystem: r.sourceSystem,
      sourceEntity: r.sourceEntity,
      sourceId: r.sourceId,
      sourceLabel: r.sourceLabel,
      destObject: r.destObject,
      destId: r.destId,
      attempt: r.attempt,
      errorCode: r.error?.code,
      errorMessage: r.error?.message,
      errorHint: r.error?.hint,
      errorCause: r.error?.cause,
      replayOf: r.replayOf,
      resolved: r.resolved,
      mappedPayload: r.mappedPayload,
    };
    lines.push(COLUMNS.map((c) => cell(values[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
