// Child lines a destination refuses, per flow: a scratch order destination (in this test) refuses any
// line whose item it does not know, naming the line. With `omit` the order is written without it and
// its audit event lists the line and the reason; with `fail` (the default) the order fails with it.
import { describe, expect, it } from 'vitest';
import { mappingSchema } from '../../preload/contract/index.ts';
import { flowRunFixture } from '../../test/support/flow-run.ts';
import { processPage } from './page-processor.ts';
import type { DestinationObject, UpsertInput, WriteResult } from '../../connectors/kit/types.ts';

const KNOWN_ITEMS = new Set(['A1', 'B2']);

/** Refuses an order with an unknown item, naming the first such line, as an ERP answers one order at a time. */
function scratchOrders(): DestinationObject & { sent: UpsertInput[] } {
  const sent: UpsertInput[] = [];
  return {
    name: 'orders',
    label: 'Scratch orders',
    maxBatch: 1,
    sent,
    fields: async () => [],
    async upsert(records) {
      return records.map((r): WriteResult => {
        sent.push(r);
        const bad = (r.lines ?? []).findIndex((l) => !KNOWN_ITEMS.has(String(l.item)));
        if (bad >= 0) return { status: 'failed', kind: 'record', retryable: false, code: 'UNKNOWN_ITEM', message: `Item "${String(r.lines![bad]!.item)}" does not exist.`, line: bad };
        return { status: 'created', id: `order-${r.sourceId}` };
      });
    },
  };
}

function runWith(refused: 'fail' | 'omit' | undefined) {
  const mapping = mappingSchema.parse({
    key: { from: 'OrderId', to: 'ref' },
    fields: [{ to: 'customer', from: 'Customer' }],
    lines: { from: 'Lines', fields: [{ to: 'item', from: 'Item' }, { to: 'qty', from: 'Qty' }], ...(refused && { refused }) },
  });
  const dest = scratchOrders();
  const run = flowRunFixture({ mapping, dest, flowId: 'orders', sourceSystem: 'scratch', sourceEntity: 'orders', sourceLabel: 'Scratch orders', idOf: (r) => String(r.OrderId) });
  return { run, dest };
}

const order = { OrderId: 'O-1', Customer: 'C1', Lines: [{ Item: 'A1', Qty: 1 }, { Item: 'ZZ', Qty: 2 }, { Item: 'B2', Qty: 3 }, { Item: 'YY', Qty: 4 }] };

describe('refused child lines', () => {
  it('omit: the record is written without the refused lines, and its event lists them with the reasons', async () => {
    const { run, dest } = runWith('omit');
    const { events } = await processPage(run, [{ record: order }], () => undefined);
    expect(run.counts).toMatchObject({ read: 1, created: 1, failed: 0 });
    expect(dest.sent.at(-1)!.lines).toEqual([{ item: 'A1', qty: 1 }, { item: 'B2', qty: 3 }]);
    // Each line sent keeps its place among all the mapped lines: a destination keying lines by
    // position gives B2 the key it had before ZZ was left out.
    expect(dest.sent.at(-1)!.linePositions).toEqual([0, 2]);
    const [e] = events;
    expect(e!.action).toBe('created');
    expect(e!.error).toEqual({ kind: 'record', code: 'LINES_OMITTED', message: 'Written without 2 lines Scratch orders refused (line 2: Item "ZZ" does not exist.; line 4: Item "YY" does not exist.).', cause: 'source' });
    expect((e!.mappedPayload as { omittedLines: unknown }).omittedLines).toEqual([
      { index: 1, line: { item: 'ZZ', qty: 2 }, reason: 'Item "ZZ" does not exist.', code: 'UNKNOWN_ITEM' },
      { index: 3, line: { item: 'YY', qty: 4 }, reason: 'Item "YY" does not exist.', code: 'UNKNOWN_ITEM' },
    ]);
    expect((e!.mappedPayload as UpsertInput).lines).toHaveLength(2);
  });

  it('fail (the default): the record fails with the destination’s reason and nothing is written', async () => {
    for (const policy of ['fail', undefined] as const) {
      const { run, dest } = runWith(policy);
      const { events } = await processPage(run, [{ record: order }], () => undefined);
      expect(run.counts).toMatchObject({ read: 1, created: 0, failed: 1 });
      expect(dest.sent).toHaveLength(1);
      expect(events[0]!.action).toBe('failed');
      expect(events[0]!.error?.message).toBe('Item "ZZ" does not exist.');
    }
  });

  it('the event names the lines the destination removed because an earlier write had them and this one does not', async () => {
    const { run, dest } = runWith('omit');
    run.dest = { ...dest, upsert: async (rs) => rs.map((r): WriteResult => ({ status: 'updated', id: `order-${r.sourceId}`, removedLines: [{ key: 'O-1#5', id: 'L5' }] })) };
    const { events } = await processPage(run, [{ record: { ...order, Lines: order.Lines.slice(0, 1) } }], () => undefined);
    expect(events[0]!.action).toBe('updated');
    expect(events[0]!.error).toBeNull();
    expect((events[0]!.mappedPayload as { removedLines: unknown }).removedLines).toEqual([{ key: 'O-1#5', id: 'L5' }]);
  });

  it('omit never retries a failure that names no line', async () => {
    const { run, dest } = runWith('omit');
    let calls = 0;
    run.dest = { ...dest, upsert: async (rs) => rs.map((): WriteResult => (calls++, { status: 'failed', kind: 'record', retryable: false, message: 'Customer on hold.' })) };
    const { events } = await processPage(run, [{ record: order }], () => undefined);
    expect(calls).toBe(1);
    expect(events[0]!.action).toBe('failed');
    expect(events[0]!.error?.message).toBe('Customer on hold.');
  });
});
