// Parents written with their line items (spec §9): invoices and deals. The order HubSpot requires:
//   1. upsert the parent by its external id (an invoice is created as a draft);
//   2. upsert each line item by its own unique key, so a re-run never duplicates lines — HubSpot line
//      items belong to one parent and are not shared. The key is the line's own `key` when it names one,
//      else `<parent key>#<n>`, n counted from 1: the source's own line number counted from 0
//      (`lineNumber`, e.g. SAP's LineNum) plus one, or else the line's position among the record's
//      mapped lines (`UpsertInput.linePositions` when some were left out). Leaving a refused line out
//      never moves another line onto its neighbour's key, and a document numbered from 0 without gaps
//      keeps the keys that position alone gave its line items before lines carried their number;
//   3. associate parent → line items and parent → contact/company/deal (default associations, which
//      need no community-sourced type ids; a deal's company marked `primary` gets the Primary label);
//   3b. take the line items we wrote earlier and did not write now off the parent and archive them
//      (stale-lines.ts), so the parent holds exactly the lines sent;
//   4. invoices only: move the draft to its target status (default `open`), which HubSpot allows only
//      once a contact and at least one line item are associated.
// Lines are written only while the parent is editable (deals always, invoices while draft).
import { RecordError } from '../kit/errors.ts';
import type { UpsertInput } from '../kit/types.ts';
import { associateDefault, setPrimaryCompany, type AssociationPair } from './associations.ts';
import type { HubSpotClient } from './client.ts';
import { removeStaleLines } from './stale-lines.ts';
import { batchRead, batchUpdate, batchUpsert, type ObjectWriteResult, type UpsertItem } from './objects.ts';

export const DEFAULT_LINE_KEY_PROPERTY = 'ml_line_key';
const LINE_KEY_FIELDS = ['key', 'lineKey', '_key'];
/** A line field naming the line's number in its source document, counted from 0; it makes the key, it is not written. */
export const LINE_NUMBER_FIELD = 'lineNumber';

export interface WithLinesOptions {
  idProperty: string;
  lineKeyProperty?: string;
  signal?: AbortSignal;
}

/** A source line number counted from 0 (`3`, `"3"`); anything else is no number, so position keys the line. */
function lineNumberOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function fail(message: string, retryable: boolean, code: string, line?: number): ObjectWriteResult {
  return { status: 'failed', kind: 'record', message, retryable, code, ...(line !== undefined && { line }) };
}

export async function upsertWithLines(client: HubSpotClient, parentType: 'invoices' | 'deals', inputs: UpsertInput[], options: WithLinesOptions): Promise<ObjectWriteResult[]> {
  const lineKeyProperty = options.lineKeyProperty ?? DEFAULT_LINE_KEY_PROPERTY;
  const { signal } = options;
  const isInvoice = parentType === 'invoices';
  const keyOf = (i: UpsertInput): string => String(i.properties[options.idProperty] ?? i.sourceId);
  const targetStatus = inputs.map((i) => (isInvoice ? String(i.properties.hs_invoice_status ?? 'open') : null));

  // 1. parents
  const parents = await batchUpsert(
    client,
    parentType,
    inputs.map((i): UpsertItem => {
      const properties = { ...i.properties };
      if (isInvoice) delete properties.hs_invoice_status;
      return { key: keyOf(i), properties };
    }),
    options.idProperty,
    signal,
  );
  const results: ObjectWriteResult[] = [...parents];
  const ok = (n: number): boolean => results[n]?.status !== 'failed';
  const idAt = (n: number): string => (results[n] as { id: string }).id;

  // Current invoice status decides whether lines may still change.
  const status = new Map<number, string>();
  if (isInvoice) {
    const unknown: number[] = [];
    parents.forEach((r, n) => {
      if (r.status === 'created') status.set(n, 'draft');
      else if (r.status === 'updated') {
        const s = r.record?.properties.hs_invoice_status;
        if (s) status.set(n, s);
        else unknown.push(n);
      }
    });
    if (unknown.length) {
      const read = await batchRead(client, 'invoices', unknown.map(idAt), { properties: ['hs_invoice_status'], ...(signal && { signal }) });
      for (const n of unknown) status.set(n, read.get(idAt(n))?.properties.hs_invoice_status ?? 'draft');
    }
  }
  const editable = (n: number): boolean => ok(n) && (!isInvoice || status.get(n) === 'draft');

  // 2. line items
  const lineItems: UpsertItem[] = [];
  const lineOwner: number[] = [];
  /** Each line item's index in its owner's `UpsertInput.lines` (what a refusal names). */
  const lineIndex: number[] = [];
  inputs.forEach((input, n) => {
    if (!editable(n)) return;
    (input.lines ?? []).forEach((line, i) => {
      const properties: Record<string, unknown> = {};
      let key: string | undefined;
      let lineNumber: number | undefined;
      for (const [k, v] of Object.entries(line)) {
        if (LINE_KEY_FIELDS.includes(k)) key = String(v);
        else if (k === LINE_NUMBER_FIELD) lineNumber = lineNumberOf(v);
        else properties[k] = v;
      }
      lineItems.push({ key: key ?? `${keyOf(input)}#${(lineNumber ?? input.linePositions?.[i] ?? i) + 1}`, properties });
      lineOwner.push(n);
      lineIndex.push(i);
    });
  });
  const lineResults = lineItems.length ? await batchUpsert(client, 'line_items', lineItems, lineKeyProperty, signal) : [];
  const lineLinks: AssociationPair[] = [];
  const linePairOwner = new Map<string, number>();
  lineResults.forEach((r, i) => {
    const n = lineOwner[i] as number;
    if (r.status === 'failed') {
      if (!ok(n)) return;
      // A refusal of this line's own values names the line, so a flow may write the record without it
      // (mapping.lines.refused 'omit'); a passing problem (rate limit, outage) never does.
      const own = r.kind === 'record' && !r.retryable;
      results[n] = {
        ...fail(`Line ${lineItems[i]?.key ?? i} of this ${parentType === 'invoices' ? 'invoice' : 'deal'} was refused: ${r.message}`, r.retryable, r.code ?? 'HUBSPOT_LINE_FAILED', own ? lineIndex[i] : undefined),
        ...(r.hint && { hint: r.hint }),
        ...(r.failureCause && { failureCause: r.failureCause }),
      } as ObjectWriteResult;
      return;
    }
    lineLinks.push({ from: idAt(n), to: r.id });
    linePairOwner.set(idAt(n), n);
  });

  // 3. associations
  const byType = new Map<string, AssociationPair[]>();
  const primaries: AssociationPair[] = [];
  inputs.forEach((input, n) => {
    if (!ok(n)) return;
    for (const a of input.associations ?? []) {
      if (!isInvoice && a.object === 'companies' && a.label === 'primary') primaries.push({ from: idAt(n), to: a.id });
      else {
        const list = byType.get(a.object) ?? [];
        list.push({ from: idAt(n), to: a.id });
        byType.set(a.object, list);
      }
    }
  });
  const owner = new Map(inputs.map((_, n) => [ok(n) ? idAt(n) : `-${n}`, n]));
  const markFailed = (failures: Map<string, string>, what: string): void => {
    for (const [fromId, message] of failures) {
      const n = owner.get(fromId);
      if (n !== undefined && ok(n)) results[n] = fail(`Associating ${what} failed: ${message}`, true, 'HUBSPOT_ASSOCIATION_FAILED');
    }
  };
  if (lineLinks.length) markFailed(await associateDefault(client, parentType, 'line_items', lineLinks.filter((p) => ok(owner.get(p.from) ?? -1)), signal), 'line items');
  for (const [toType, pairs] of byType) markFailed(await associateDefault(client, parentType, toType, pairs.filter((p) => ok(owner.get(p.from) ?? -1)), signal), toType);
  if (primaries.length) markFailed(await setPrimaryCompany(client, 'deals', primaries, signal), 'the primary company');

  // 3b. line items of ours the parent no longer has (a line left out, or deleted in the source): removed,
  // and named on the parent's result. Only for parents written whole just now, whose lines may change,
  // by a flow that sends lines (a payments flow updating an invoice's balance sends none and owns none).
  const kept = new Map<number, Set<string>>();
  lineResults.forEach((r, i) => {
    if (r.status === 'failed') return;
    const n = lineOwner[i] as number;
    kept.set(n, (kept.get(n) ?? new Set()).add(r.id));
  });
  const rewritten = inputs.map((_, n) => n).filter((n) => inputs[n]?.lines !== undefined && parents[n]?.status === 'updated' && editable(n) && ok(n));
  const removed = await removeStaleLines(client, parentType, rewritten.map((n) => ({ parentId: idAt(n), kept: kept.get(n) ?? new Set() })), lineKeyProperty, signal);
  for (const n of rewritten) {
    const lines = removed.get(idAt(n));
    if (lines) results[n] = { ...results[n]!, removedLines: lines } as ObjectWriteResult;
  }

  // 4. invoice status
  if (isInvoice) {
    // HubSpot opens an invoice only once its line items (and, per the guide, a contact) are associated
    // (spec §9; whether the contact is required is unverified). An ERP invoice whose customer has no
    // contact person is tried; if HubSpot refuses, it stays an accurate draft instead of failing on
    // every run, and opens on a later write once a contact exists.
    const hasLines = (n: number): boolean => (inputs[n]?.lines?.length ?? 0) > 0;
    const hasContact = (n: number): boolean => (inputs[n]?.associations ?? []).some((a) => a.object === 'contacts');
    const moves = inputs.map((_, n) => n).filter((n) => ok(n) && targetStatus[n] !== status.get(n) && (targetStatus[n] !== 'open' || hasLines(n)));
    if (moves.length) {
      const moved = await batchUpdate(client, 'invoices', moves.map((n) => ({ id: idAt(n), properties: { hs_invoice_status: targetStatus[n] } })), signal ? { signal } : {});
      moved.forEach((r, i) => {
        const n = moves[i] as number;
        if (r.status !== 'failed') return;
        if (targetStatus[n] === 'open' && !hasContact(n) && r.kind === 'record') return; // stays a draft
        results[n] = fail(`The invoice was written but could not be moved to ${String(targetStatus[n])}: ${r.message}`, r.retryable, r.code ?? 'HUBSPOT_INVOICE_STATUS');
      });
    }
  }
  return results;
}

/** Thrown by destinations when an input lacks its key. */
export function missingKey(sourceId: string, idProperty: string): RecordError {
  return new RecordError(`Record ${sourceId} has no value for the key property ${idProperty}.`, { code: 'MISSING_KEY', system: 'hubspot' });
}
