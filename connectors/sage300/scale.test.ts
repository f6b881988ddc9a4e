// A sandbox with 50,000 customers — a full read returns each exactly once; after
// 10 edits an incremental read returns those 10 plus only the overlap days (the day before the
// watermark and the watermark day); the read throughput is printed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readAll, startHarness, type Harness } from './test-support.ts';

const TODAY = '2025-09-15';
const N = 50_000;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ records: N, seed: 42, switches: { today: TODAY } });
}, 60_000);
afterAll(() => h?.close());

it(`reads ${N} customers exactly once, then only the edits and the same-day overlap`, async () => {
  const c = h.connect();
  const started = performance.now();
  const full = await readAll(c.sources.arCustomers, { signpost: new Date(`${TODAY}T08:00:00Z`) });
  const seconds = (performance.now() - started) / 1000;
  const ids = full.records.map((r) => String(r.CustomerNumber));
  expect(ids).toHaveLength(N);
  expect(new Set(ids).size).toBe(N);
  expect(full.resumes.at(-1)).toBeNull();
  const watermark = c.sources.arCustomers.watermarkFor(new Date(`${TODAY}T08:00:00Z`));
  console.log(`[sage300] full read: ${N} customers (${Object.keys(full.records[0]!).length} fields each) in ${seconds.toFixed(2)} s = ${Math.round(N / seconds)} records/s over HTTP, ${full.resumes.length} pages`);

  const edited = Array.from({ length: 10 }, (_, k) => `C${String(1 + k * 4999).padStart(6, '0')}`);
  for (const key of edited) await h.admin('edit', { resource: 'ARCustomers', key, changes: { CustomerName: `Edited ${key}` } });

  const incStarted = performance.now();
  const inc = await readAll(c.sources.arCustomers, { since: watermark, signpost: new Date(`${TODAY}T20:00:00Z`) });
  const incSeconds = (performance.now() - incStarted) / 1000;
  const got = new Set(inc.records.map((r) => String(r.CustomerNumber)));
  const overlap = new Set(full.records.filter((r) => String(r.DateLastMaintained) >= '2025-09-14').map((r) => String(r.CustomerNumber)));
  const expected = new Set([...edited, ...overlap]);
  expect(got).toEqual(expected);
  expect(inc.records).toHaveLength(got.size);
  for (const key of edited) expect(inc.records.find((r) => r.CustomerNumber === key)!.CustomerName).toBe(`Edited ${key}`);
  expect(overlap.size).toBeLessThan(N / 100);
  const overlapOnly = [...got].filter((id) => !edited.includes(id)).length;
  console.log(`[sage300] incremental read: ${inc.records.length} records (10 edited + ${overlapOnly} maintained on the watermark day or the day before) in ${incSeconds.toFixed(2)} s`);
}, 60_000);
