// Property test of the page processor (main/engine/page-processor.ts) on a real SQLite store: for any
// sequence of pages (hostile values, missing keys, parents present or not, repeated records) and any
// destination behaviour (created, updated, failed retryable or permanent, a whole batch thrown), every
// record read is accounted for — written, unchanged, skipped, failed or waiting — and has its audit
// event, except a permanent failure re-read unchanged, which keeps its first failure open; a record the
// flow's filter leaves out is skipped with its reason and never sent; and a page whose write throws
// commits nothing.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mappingSchema, type MappingInput } from '../../preload/contract/index.ts';
import { createStore } from '../../main/store/index.ts';
import { openDatabase } from '../../main/store/db.ts';
import { processPage } from '../../main/engine/page-processor.ts';
import type { FlowRun } from '../../main/engine/run-types.ts';
import { flowRunFixture } from '../support/flow-run.ts';
import type { DestinationObject, UpsertInput, WriteResult } from '../../connectors/kit/types.ts';
import { nastyValue } from './arbitraries.ts';

const template = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'resources', 'templates', 'sage300-hubspot.json'), 'utf8')) as { flows: { key: string; mapping: MappingInput }[] };
const contactsMapping = mappingSchema.parse({
  ...template.flows.find((f) => f.key === 'contacts')!.mapping,
  associations: [{ from: 'CustomerNumber', flow: 'customers', object: 'companies', label: 'primary', required: true }],
});

type Behaviour = 'created' | 'updated' | 'retryable' | 'permanent';

interface Scenario {
  pages: { records: Record<string, unknown>[]; throwAt: number | null }[];
  behaviour: Behaviour[];
  parents: number[];
  maxBatch: number;
  /** The flow has a record filter that leaves out the contacts whose Email is a@b.example. */
  filtered: boolean;
}

const KEYS = Array.from({ length: 12 }, (_, i) => `C${String(i).padStart(3, '0')}`);
const record = fc.record(
  {
    CustomerNumber: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.constantFrom('', '  ', null) }),
    FirstName: nastyValue,
    LastName: nastyValue,
    Email: fc.oneof(fc.constantFrom('a@b.example', 'ZOË@EXAMPLE.COM'), nastyValue),
    Phone: nastyValue,
    CustomerName: nastyValue,
  },
  { requiredKeys: ['CustomerNumber'] },
);
// Pages draw from a pool, so records come back unchanged (or changed) in later pages as they do on re-reads.
const scenario: fc.Arbitrary<Scenario> = fc.array(record, { minLength: 1, maxLength: 10 }).chain((pool) =>
  fc.record({
    pages: fc.array(fc.record({ records: fc.array(fc.nat({ max: pool.length - 1 }).map((i) => pool[i]!), { maxLength: 14 }), throwAt: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat({ max: 3 }) }) }), { minLength: 1, maxLength: 5 }),
    behaviour: fc.array(fc.constantFrom<Behaviour>('created', 'updated', 'retryable', 'permanent'), { minLength: 64, maxLength: 64 }),
    parents: fc.subarray(KEYS.map((_, i) => i)),
    maxBatch: fc.integer({ min: 1, max: 5 }),
    filtered: fc.boolean(),
  }),
);

const FILTERED_OUT = 'a@b.example';
const filteredMapping = mappingSchema.parse({ ...contactsMapping, filter: [{ field: 'Email', op: 'notEquals', value: FILTERED_OUT }] });
const isFilteredOut = (r: Record<string, unknown>) => typeof r.Email === 'string' && r.Email.trim() === FILTERED_OUT;

function fakeRun(s: Scenario): { run: FlowRun; calls: UpsertInput[][] } {
  const mapping = s.filtered ? filteredMapping : contactsMapping;
  const store = createStore(openDatabase(':memory:'));
  for (const i of s.parents) store.idMap.set('customers', KEYS[i]!, `co-${i}`, 'h', null, new Date().toISOString());
  const calls: UpsertInput[][] = [];
  let n = 0;
  let page = 0;
  const dest: DestinationObject = {
    name: 'contacts',
    label: 'Contacts',
    maxBatch: s.maxBatch,
    fields: async () => [],
    async upsert(records) {
      calls.push(records);
      const p = s.pages[page]!;
      if (p.throwAt !== null && calls.length - 1 === p.throwAt) throw new Error('HubSpot answered 502 after every retry');
      return records.map((r): WriteResult => {
        const b = s.behaviour[n++ % s.behaviour.length]!;
        if (b === 'created' || b === 'updated') return { status: b, id: `hs-${r.sourceId}` };
        return { status: 'failed', kind: 'record', message: `refused ${b}`, retryable: b === 'retryable' };
      });
    },
  };
  const run = flowRunFixture({ mapping, dest, store, flowId: 'contacts', sourceSystem: 'sage300', sourceEntity: 'arCustomerContacts', idOf: (r) => String(r.CustomerNumber ?? '') });
  return { run, calls: Object.assign(calls, { setPage: (i: number) => (page = i) }) };
}

const total = (db: FlowRun['store']['db'], table: string) => (db.prepare(`SELECT COUNT(*) n FROM ${table}`).get() as { n: number }).n;

describe('page processor accounting', () => {
  it('every record read is written, unchanged, skipped, failed or waiting — with its audit event', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { run, calls } = fakeRun(s);
        const { store } = run;
        for (let p = 0; p < s.pages.length; p++) {
          (calls as unknown as { setPage(i: number): void }).setPage(p);
          calls.length = 0;
          const before = { ...run.counts };
          const stored = { events: total(store.db, 'record_events'), idMap: total(store.db, 'id_map'), parked: total(store.db, 'parked_records'), failed: total(store.db, 'failed_records') };
          const items = s.pages[p]!.records.map((record) => ({ record }));
          let outcome: Awaited<ReturnType<typeof processPage>> | null = null;
          let thrown: unknown = null;
          try {
            outcome = await processPage(run, items, () => undefined);
          } catch (e) {
            thrown = e;
          }
          const delta = Object.fromEntries(Object.entries(run.counts).map(([k, v]) => [k, v - before[k as keyof typeof before]])) as typeof before;
          expect(delta.read).toBe(items.length);
          if (thrown) {
            // The write failed at run level: nothing of this page is committed; it is re-read next run.
            expect(total(store.db, 'record_events')).toBe(stored.events);
            expect(total(store.db, 'id_map')).toBe(stored.idMap);
            expect(total(store.db, 'parked_records')).toBe(stored.parked);
            expect(total(store.db, 'failed_records')).toBe(stored.failed);
            run.counts = { ...before };
            seen.add('thrown');
            continue;
          }
          for (const [k, v] of Object.entries(delta)) if (v > 0 && k !== 'read') seen.add(k);
          const outcomes = delta.created + delta.updated + delta.unchanged + delta.skipped + delta.failed + delta.waiting;
          expect(outcomes).toBe(delta.read);
          // One event per record, except permanent failures re-read with the same payload (counted as skipped, first failure kept open)
          // and records the flow leaves alone on purpose (filtered out: counted as skipped).
          const silentRepeats = items.length - outcome!.events.length;
          expect(silentRepeats).toBeGreaterThanOrEqual(0);
          expect(silentRepeats).toBeLessThanOrEqual(delta.skipped);
          expect(outcome!.eventIds).toHaveLength(outcome!.events.length);
          expect(new Set(outcome!.eventIds).size).toBe(outcome!.eventIds.length);
          expect(total(store.db, 'record_events')).toBe(stored.events + outcome!.events.length);
          for (const [i, id] of outcome!.eventIds.entries()) {
            const e = store.events.get(id)!;
            expect(e.sourceId).toBe(outcome!.events[i]!.sourceId);
            expect(e.action).toBe(outcome!.events[i]!.action);
            if (e.action === 'failed' || e.action === 'waiting') expect(e.error?.message.length).toBeGreaterThan(0);
          }
          // The filter's rejects are skipped before mapping: never sent, never waiting or failed, counted
          // on the run and not audited one by one (they are not this flow's), their reasons on the outcome.
          const rejects = s.filtered ? items.filter((it) => isFilteredOut(it.record)).length : 0;
          expect(outcome!.events.filter((e) => e.error?.code === 'FILTERED')).toEqual([]);
          expect(outcome!.untaken.filter((u) => u.reason.startsWith('Skipped: "Email"'))).toHaveLength(rejects);
          expect(delta.skipped).toBeGreaterThanOrEqual(rejects);
          if (s.filtered) for (const c of calls) for (const r of c) expect(r.properties.email).not.toBe(FILTERED_OUT);
          if (rejects > 0) seen.add('filtered');
          for (const e of outcome!.events) {
            if (e.action === 'created' || e.action === 'updated') expect(store.idMap.get('contacts', e.sourceId)?.destId).toBe(e.destId);
            if (e.action === 'waiting') expect(store.parked.list('contacts').some((x) => x.sourceId === e.sourceId)).toBe(true);
          }
          // One upsert call carries at most 40 destination batches (the destination splits it into maxBatch batches).
          for (const c of calls) expect(c.length).toBeLessThanOrEqual(s.maxBatch * 40);
        }
        store.close();
      }),
      { numRuns: 150 },
    );
    // The generator reached every path (a narrower generator would make this test vacuous).
    expect([...seen].sort()).toEqual(['created', 'failed', 'filtered', 'skipped', 'thrown', 'unchanged', 'updated', 'waiting']);
  });
});
