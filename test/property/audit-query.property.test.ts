// Property test of the audit browser's queries (main/store/tables/record-events.ts): whatever the filter
// (flow, actions, date range, text, unresolved, run) and keyset cursor, `query` returns exactly the
// events a plain filter over all events returns — newest first, one page — and `count` counts them.
// The store answers these through different plans (date ranges as id ranges, text through the search
// index in id order for the events it has reached and a scan above its mark); this checks that every
// plan means the same thing. Event times grow with ids up to a few seconds of jitter, as events stamped
// at commit do.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../main/store/index.ts';
import { openDatabase } from '../../main/store/db.ts';
import type { EventFilter, RecordEventInput } from '../../main/store/index.ts';

const FLOWS = ['f1', 'f2', 'f3'];
const ACTIONS = ['created', 'updated', 'unchanged', 'skipped', 'failed', 'waiting'];
const WORDS = ['Acme', 'Widget', 'Trading', 'GmbH', 'Northwind', 'Coho', 'Winery', 'Zeta'];
const T0 = Date.parse('2026-01-01T00:00:00Z');

const eventArb = fc.record({
  flow: fc.constantFrom(...FLOWS),
  action: fc.constantFrom(...ACTIONS),
  n: fc.integer({ min: 0, max: 60 }),
  words: fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 2 }),
  gapMs: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 20_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3_600_000 }) }, { weight: 2, arbitrary: fc.constant(0) }),
  // Clock noise between writers, well inside the store's allowance (60 s).
  jitterMs: fc.integer({ min: -25_000, max: 25_000 }),
  run: fc.constantFrom('r1', 'r2'),
  hasDest: fc.boolean(),
});

// A date boundary: on the grid, or right at / beside an event's time (index into the events, offset in ms).
const boundary = fc.oneof(
  fc.integer({ min: -2, max: 2_000 }).map((k) => ({ iso: new Date(T0 + k * 5_000).toISOString() })),
  fc.tuple(fc.nat(), fc.constantFrom(-1, 0, 1, -30_000, 30_000)).map(([event, offset]) => ({ event, offset })),
);
type Boundary = { iso: string } | { event: number; offset: number };

/** Present with the given probability (percent), else left out: date-only queries must be common. */
const sometimes = <T>(percent: number, arb: fc.Arbitrary<T>) => fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(undefined) }, { weight: percent, arbitrary: arb });
const filterArb = fc
  .record({
    flowId: sometimes(25, fc.constantFrom(...FLOWS)),
    flowIds: sometimes(20, fc.subarray([...FLOWS], { minLength: 1 })),
    actions: sometimes(25, fc.subarray(ACTIONS, { minLength: 1 })),
    from: sometimes(65, boundary),
    to: sometimes(65, boundary),
    text: sometimes(25, fc.oneof(fc.constantFrom(...WORDS.map((w) => w.toLowerCase()), 'C01', 'C1', '5', 'me W', 'zzz', '"x"', 'GmbH'), fc.integer({ min: 0, max: 60 }).map((n) => `C${String(n).padStart(3, '0')}`))),
    runId: sometimes(15, fc.constantFrom('r1', 'r2')),
    unresolvedOnly: sometimes(15, fc.constant(true)),
  })
  .map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as { flowId?: string; flowIds?: string[]; actions?: string[]; from?: Boundary; to?: Boundary; text?: string; runId?: string; unresolvedOnly?: boolean });

describe('audit queries', () => {
  it('every filter and cursor gives the events a plain filter gives, newest first', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 0, maxLength: 250 }), fc.array(fc.tuple(filterArb, fc.integer({ min: 1, max: 40 }), fc.option(fc.integer({ min: 1, max: 260 }), { nil: null })), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 260 }), (specs, queries, indexed) => {
        const store = createStore(openDatabase(':memory:'));
        try {
          let t = T0;
          const events: (RecordEventInput & { id: number })[] = [];
          const inputs = specs.map((e, i) => {
            t += e.gapMs;
            const sourceId = `C${String(e.n).padStart(3, '0')}`;
            return {
              runId: e.run,
              flowId: e.flow,
              at: new Date(t + e.jitterMs).toISOString(),
              direction: 'erp-to-crm' as const,
              sourceSystem: 'sage300',
              sourceEntity: 'arCustomers',
              sourceId,
              sourceLabel: e.words.length ? `${e.words.join(' ')} ${e.n}` : null,
              destObject: 'companies',
              destId: e.hasDest ? String(5000 + e.n) : null,
              action: e.action,
              attempt: 1,
              error: e.action === 'failed' ? { kind: 'record', message: 'refused' } : null,
              sourcePayload: { i },
              mappedPayload: null,
              replayOf: null,
            };
          });
          store.transaction(() => store.events.insertMany(inputs).forEach((id, i) => events.push({ ...inputs[i]!, id })));
          // The text index reaches some of them (it is filled after commit); searches must not tell.
          store.events.indexText(indexed);
          // A failure stays open until a later success (not failed, not waiting) of the same record in the same flow.
          const open = new Set(events.filter((e) => e.action === 'failed' && !events.some((f) => f.id > e.id && f.flowId === e.flowId && f.sourceId === e.sourceId && f.action !== 'failed' && f.action !== 'waiting')).map((e) => e.id));

          const at = (b: Boundary | undefined): string | undefined => {
            if (!b) return undefined;
            if ('iso' in b) return b.iso;
            const e = events[b.event % Math.max(1, events.length)];
            return new Date((e ? Date.parse(e.at) : T0) + b.offset).toISOString();
          };
          for (const [spec, limit, cursor] of queries) {
            const filter: EventFilter = { ...spec, from: at(spec.from), to: at(spec.to) };
            if (!filter.from) delete filter.from;
            if (!filter.to) delete filter.to;
            const text = filter.text?.trim() ?? '';
            const matches = (e: (typeof events)[number]) =>
              (!filter.flowId || e.flowId === filter.flowId) &&
              (!filter.flowIds || filter.flowIds.includes(e.flowId)) &&
              (!filter.actions?.length || filter.actions.includes(e.action)) &&
              (!filter.from || e.at >= filter.from) &&
              (!filter.to || e.at < filter.to) &&
              (!filter.runId || e.runId === filter.runId) &&
              (!filter.unresolvedOnly || open.has(e.id)) &&
              (!text ||
                (text.length >= 3
                  ? [e.sourceId, e.destId ?? '', e.sourceLabel ?? ''].some((v) => v.toLowerCase().includes(text.toLowerCase()))
                  : e.sourceId === text || e.destId === text));
            const expected = events.filter((e) => matches(e) && (cursor === null || e.id < cursor)).sort((a, b) => b.id - a.id).slice(0, limit).map((e) => e.id);
            const got = store.events.query(filter, limit, cursor).map((e) => e.id);
            expect(got, JSON.stringify({ filter, limit, cursor })).toEqual(expected);
            const all = events.filter(matches).length;
            expect(store.events.count(filter, 30)).toEqual({ count: Math.min(all, 30), capped: all > 30 });
          }
        } finally {
          store.close();
        }
      }),
      { numRuns: 200 },
    );
  });
});
