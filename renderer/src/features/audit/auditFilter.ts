// The audit browser's filter lives in the address (`#/audit?flow=…&run=…&action=failed&q=…`) so a link from
// the dashboard ("3 failed") lands on exactly those events, and Back works.
import { auditActionSchema, type AuditAction, type AuditFilter, type DeletedFlow, type Flow } from '../../../../preload/contract/index.ts';
import { integrationKeyOf } from '../flows/integrations.ts';

export interface FilterForm {
  /** An integration's key (its two connection ids, see flows/integrations.ts): every flow between them. */
  integration: string | null;
  flowId: string | null;
  /** One run's events (the event drawer's run link). */
  runId: string | null;
  actions: AuditAction[];
  /** `YYYY-MM-DD` local dates, inclusive. */
  fromDate: string;
  toDate: string;
  text: string;
  unresolvedOnly: boolean;
}

export function formFromParams(p: URLSearchParams): FilterForm {
  return {
    integration: p.get('integration'),
    flowId: p.get('flow'),
    runId: p.get('run'),
    actions: p.getAll('action').filter((a): a is AuditAction => auditActionSchema.safeParse(a).success),
    fromDate: p.get('from') ?? '',
    toDate: p.get('to') ?? '',
    text: p.get('q') ?? '',
    unresolvedOnly: p.get('unresolved') === '1',
  };
}

export function paramsFromForm(f: FilterForm, keep?: URLSearchParams): URLSearchParams {
  const p = new URLSearchParams();
  if (f.integration) p.set('integration', f.integration);
  if (f.flowId) p.set('flow', f.flowId);
  if (f.runId) p.set('run', f.runId);
  for (const a of f.actions) p.append('action', a);
  if (f.fromDate) p.set('from', f.fromDate);
  if (f.toDate) p.set('to', f.toDate);
  if (f.text) p.set('q', f.text);
  if (f.unresolvedOnly) p.set('unresolved', '1');
  const event = keep?.get('event');
  if (event) p.set('event', event);
  return p;
}

function localDayStart(date: string, addDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays).toISOString();
}

/**
 * The service's filter: dates become the start of the day (from) and the start of the next day (to); an
 * integration becomes the ids of its flows (`flows` of the integration, once they are loaded).
 */
export function toAuditFilter(f: FilterForm, integrationFlowIds: (key: string) => string[] = () => []): AuditFilter {
  const text = f.text.trim();
  const flowIds = f.integration && !f.flowId ? integrationFlowIds(f.integration) : [];
  return {
    ...(f.flowId ? { flowId: f.flowId } : {}),
    ...(flowIds.length ? { flowIds } : {}),
    ...(f.runId ? { runId: f.runId } : {}),
    ...(f.actions.length ? { actions: f.actions } : {}),
    ...(f.fromDate && localDayStart(f.fromDate) ? { from: localDayStart(f.fromDate) } : {}),
    ...(f.toDate && localDayStart(f.toDate, 1) ? { to: localDayStart(f.toDate, 1) } : {}),
    ...(text ? { text: text.slice(0, 200) } : {}),
    ...(f.unresolvedOnly ? { unresolvedOnly: true } : {}),
  };
}

export function dateRangeError(f: FilterForm): string | null {
  return f.fromDate && f.toDate && f.fromDate > f.toDate ? 'The end date is before the start date' : null;
}

/**
 * The flow filter's choices: the flows there are, then the deleted ones (their events stay in the log),
 * marked "(deleted)"; only those of the chosen integration, when one is.
 */
export function flowOptions(
  flows: Pick<Flow, 'id' | 'name' | 'sourceConnectionId' | 'destConnectionId'>[],
  deleted: DeletedFlow[],
  integration: string | null,
): { value: string; label: string }[] {
  const inIntegration = (f: Pick<Flow, 'sourceConnectionId' | 'destConnectionId'>) => !integration || integrationKeyOf(f) === integration;
  const live = new Set(flows.map((f) => f.id));
  return [
    ...flows.filter(inIntegration).map((f) => ({ value: f.id, label: f.name })),
    ...deleted.filter((f) => !live.has(f.id) && inIntegration(f)).map((f) => ({ value: f.id, label: `${f.name} (deleted)` })),
  ];
}
