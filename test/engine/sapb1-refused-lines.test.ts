// A/R invoice lines HubSpot refuses ("a line item HubSpot refuses either fails the invoice
// with the reason or is left out and listed on the invoice's audit event — a setting"), over the SAP B1
// and HubSpot sandboxes. The refusal is HubSpot's own: the admin maps each line's profit center to a
// line-item dropdown that lacks one of SAP's profit centers (EU), as a portal admin would set it up.
// Line items are keyed by the invoice and SAP's LineNum, so leaving line 2 out never moves line 3 onto
// its key: a second run writes nothing and no line item is left without its invoice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import type { Flow } from '../../preload/contract/index.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf, writeRequests, type HubRecord } from '../support/sandboxes.ts';

type Row = Record<string, unknown>;

describe('SAP B1 invoice lines HubSpot refuses (mapping.lines.refused)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let hub: ReturnType<typeof hubspotAdmin>;
  let flow: Flow;
  let customer: string;

  const sap = async (method: string, route: string, body?: unknown): Promise<Row> => {
    const res = await fetch(`${String(env.sandboxes.sapb1!.line.admin)}/${route}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const text = await res.text();
    if (!res.ok) throw new Error(`SAP sandbox admin ${method} ${route}: ${res.status} ${text}`);
    return JSON.parse(text) as Row;
  };
  const hubApi = async (method: string, path: string, body: unknown): Promise<void> => {
    const h = hubspotSandboxOf(env);
    const res = await fetch(`${h.url}${path}`, { method, headers: { Authorization: `Bearer ${h.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`HubSpot ${method} ${path}: ${res.status} ${await res.text()}`);
  };
  const profitCenters = (values: string[]) => values.map((v) => ({ label: v, value: v, displayOrder: 0, hidden: false }));
  const setRefused = async (refused: 'fail' | 'omit') => {
    flow = await env.service.impl['flows:update']({ id: flow.id, patch: { mapping: { ...flow.mapping, lines: { ...flow.mapping.lines!, refused } } } });
  };
  /** An invoice of three lines; the middle one is booked to the EU profit center HubSpot's dropdown lacks. */
  const invoiceWithEuLine = () =>
    sap('POST', 'records/Invoices', {
      CardCode: customer,
      DocumentLines: [
        { ItemCode: 'A00001', ItemDescription: 'Widget', Quantity: 2, UnitPrice: 10, CostingCode: 'EAST' },
        { ItemCode: 'A00002', ItemDescription: 'Gadget', Quantity: 1, UnitPrice: 99, CostingCode: 'EU' },
        { ItemCode: 'A00003', ItemDescription: 'Gizmo', Quantity: 3, UnitPrice: 5, CostingCode: 'WEST' },
      ],
    });
  const hubInvoice = async (docEntry: unknown): Promise<HubRecord | undefined> => (await hub.records('invoices')).find((i) => i.properties.ml_sapb1_doc_entry === String(docEntry));
  /** The invoice's associated line items, and every line item keyed under the invoice's key. */
  const linesOf = async (inv: HubRecord) => {
    const all = await hub.records('line_items');
    const ids = new Set((inv.associations.line_items ?? []).map((a) => a.id));
    const prefix = `${inv.properties.ml_sapb1_doc_entry!}#`;
    const lineNo = (l: HubRecord) => String(l.properties.ml_line_key).slice(prefix.length);
    return { associated: all.filter((l) => ids.has(l.id)), keyed: all.filter((l) => String(l.properties.ml_line_key ?? '').startsWith(prefix)), lineNo };
  };

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sapb1', 'hubspot'], dataDir: tmp.dir, sapb1: { records: 6, seed: 7 } });
    hub = hubspotAdmin(hubspotSandboxOf(env).url);
    const sapFlows = env.flows.filter((f) => f.template?.startsWith('sapb1-hubspot/'));
    await env.service.engine.runNow(sapFlows.map((f) => f.id));
    flow = sapFlows.find((f) => f.template === 'sapb1-hubspot/invoices')!;
    expect(flow.mapping.lines?.refused).toBe('fail'); // the template's default
    customer = String((await hub.records('companies')).find((c) => c.properties.ml_sapb1_card_code)!.properties.ml_sapb1_card_code);
    // The portal admin's dropdown of profit centers (no EU), and the flow maps each line's into it.
    await hubApi('POST', '/crm/v3/properties/line_items', { name: 'ml_profit_center', label: 'Profit center', type: 'enumeration', fieldType: 'select', groupName: 'lineiteminformation', options: profitCenters(['EAST', 'WEST']) });
    flow = await env.service.impl['flows:update']({ id: flow.id, patch: { mapping: { ...flow.mapping, lines: { ...flow.mapping.lines!, fields: [...flow.mapping.lines!.fields, { to: 'ml_profit_center', from: 'CostingCode' }] } } } });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('omit: the invoice is written without the refused line, which its audit event lists; a second run writes nothing', async () => {
    await setRefused('omit');
    const doc = await invoiceWithEuLine();
    const [run] = await env.service.engine.runNow([flow.id]);
    // Written as the second attempt (the first, refused for line 2, had already created the draft).
    expect(run!.counts).toMatchObject({ read: 1, updated: 1, failed: 0 });

    const events = await env.service.impl['audit:query']({ flowId: flow.id, text: String(doc.DocEntry), limit: 5 });
    const written = events.events.find((e) => e.sourceId === String(doc.DocEntry))!;
    expect(written.action).toBe('updated');
    expect(written.error?.code).toBe('LINES_OMITTED');
    expect(written.error?.message).toMatch(/line 2: .*EU/);
    const payload = (await env.service.impl['audit:get']({ id: written.id })).mappedPayload as { omittedLines: { index: number; line: Row }[] };
    expect(payload.omittedLines.map((o) => [o.index, o.line.lineNumber, o.line.ml_profit_center])).toEqual([[1, 1, 'EU']]);

    // Lines 1 and 3 under their own LineNum keys (LineNum 0 and 2 → #1 and #3); nothing under line 2's, nothing unassociated.
    const inv = (await hubInvoice(doc.DocEntry))!;
    const { associated, keyed, lineNo } = await linesOf(inv);
    expect(associated.map((l) => [lineNo(l), l.properties.name]).sort()).toEqual([['1', 'Widget'], ['3', 'Gizmo']]);
    expect(keyed.map((l) => l.id).sort()).toEqual(associated.map((l) => l.id).sort());

    const before = (await hub.records('line_items')).length;
    await hub.resetCounters();
    const [again] = await env.service.engine.runNow([flow.id]);
    expect(again!.counts.created + again!.counts.updated + again!.counts.failed).toBe(0);
    expect(writeRequests((await hub.counters()).byEndpoint)).toBe(0);
    expect((await hub.records('line_items')).length).toBe(before);
  });

  it('omit: a line HubSpot holds from an earlier write and refuses now is removed from the invoice, and its event says so; a second run writes nothing', async () => {
    await setRefused('omit');
    // Three lines HubSpot accepts (no contact person: the invoice stays a draft, whose lines may change).
    const doc = await sap('POST', 'records/Invoices', {
      CardCode: customer,
      DocumentLines: [
        { ItemCode: 'A00001', ItemDescription: 'Widget', Quantity: 2, UnitPrice: 10, CostingCode: 'EAST' },
        { ItemCode: 'A00002', ItemDescription: 'Gadget', Quantity: 1, UnitPrice: 99, CostingCode: 'WEST' },
        { ItemCode: 'A00003', ItemDescription: 'Gizmo', Quantity: 3, UnitPrice: 5, CostingCode: 'WEST' },
      ],
    });
    await env.service.engine.runNow([flow.id]);
    const first = await linesOf((await hubInvoice(doc.DocEntry))!);
    expect(first.associated.map((l) => [first.lineNo(l), l.properties.name]).sort()).toEqual([['1', 'Widget'], ['2', 'Gadget'], ['3', 'Gizmo']]);
    expect((await hubInvoice(doc.DocEntry))!.properties.hs_invoice_status ?? 'draft').toBe('draft');
    const gadget = first.associated.find((l) => first.lineNo(l) === '2')!;

    // In SAP the second line moves to the EU profit center, which HubSpot's dropdown lacks.
    await sap('PATCH', `records/Invoices/${String(doc.DocEntry)}`, { changes: { DocumentLines: [{ LineNum: 1, CostingCode: 'EU' }] } });
    const [run] = await env.service.engine.runNow([flow.id]);
    expect(run!.counts).toMatchObject({ updated: 1, failed: 0 });
    const inv = (await hubInvoice(doc.DocEntry))!;
    const { associated, keyed, lineNo } = await linesOf(inv);
    expect(associated.map((l) => [lineNo(l), l.properties.name]).sort()).toEqual([['1', 'Widget'], ['3', 'Gizmo']]);
    expect(keyed.map((l) => l.id).sort()).toEqual(associated.map((l) => l.id).sort());
    const written = (await env.service.impl['audit:query']({ flowId: flow.id, text: String(doc.DocEntry), limit: 5 })).events.find((e) => e.runId === run!.id && e.sourceId === String(doc.DocEntry))!;
    expect(written.error?.code).toBe('LINES_OMITTED');
    expect(written.error?.message).toMatch(/line 2: .*EU.* Its line \S+#2 written earlier was removed from Invoices\./s);
    const payload = (await env.service.impl['audit:get']({ id: written.id })).mappedPayload as { removedLines: { key: string; id: string }[] };
    expect(payload.removedLines).toEqual([{ key: `${String(inv.properties.ml_sapb1_doc_entry)}#2`, id: gadget.id }]);

    await hub.resetCounters();
    const [again] = await env.service.engine.runNow([flow.id]);
    expect(again!.counts.created + again!.counts.updated + again!.counts.failed).toBe(0);
    expect(writeRequests((await hub.counters()).byEndpoint)).toBe(0);
    expect((await linesOf((await hubInvoice(doc.DocEntry))!)).associated).toHaveLength(2);
  });

  it('fail: the invoice fails with HubSpot\'s reason and a hint; once the option exists, replay writes all three lines', async () => {
    await setRefused('fail');
    const doc = await invoiceWithEuLine();
    const [run] = await env.service.engine.runNow([flow.id]);
    expect(run!.counts).toMatchObject({ created: 0, failed: 1 });
    const failed = (await env.service.impl['audit:query']({ flowId: flow.id, actions: ['failed'], unresolvedOnly: true, limit: 5 })).events.find((e) => e.sourceId === String(doc.DocEntry))!;
    expect(failed.error!.message).toMatch(/Line .*#2 .*refused.*EU/);
    expect(failed.error!.hint).toMatch(/option/i);

    await hubApi('PATCH', '/crm/v3/properties/line_items/ml_profit_center', { options: profitCenters(['EAST', 'WEST', 'EU']) });
    const replay = await env.service.impl['audit:replay']({ ids: [failed.id] });
    // The failed write had left a draft under the invoice's key: the replay updates that one.
    expect(replay.results.map((r) => [r.action, r.error?.message ?? null])).toEqual([['updated', null]]);
    expect((await hub.records('invoices')).filter((i) => i.properties.ml_sapb1_doc_entry === String(doc.DocEntry))).toHaveLength(1);
    const inv = (await hubInvoice(doc.DocEntry))!;
    const { associated, keyed } = await linesOf(inv);
    expect(associated.map((l) => l.properties.ml_profit_center).sort()).toEqual(['EAST', 'EU', 'WEST']);
    // The lines the failed write had already sent were updated by their keys, not added again.
    expect(keyed.map((l) => l.id).sort()).toEqual(associated.map((l) => l.id).sort());
  });
});
