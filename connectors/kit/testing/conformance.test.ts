// The conformance helpers catch what they promise to catch.
import { describe, expect, it } from 'vitest';
import type { Page, SourceEntity, SourceRecord } from '../types.ts';
import { ConformanceError, runSourceConformance } from './conformance.ts';

function fakeSource(pages: SourceRecord[][], options: { lastResume?: string | null } = {}): SourceEntity {
  return {
    name: 'fake',
    label: 'Fake',
    fields: async () => [{ name: 'id', label: 'Id', type: 'string' }],
    async *read(o): AsyncIterable<Page> {
      const start = o.resume ? Number(o.resume) : 0;
      for (let i = start; i < pages.length; i++) yield { records: pages[i] ?? [], resume: i === pages.length - 1 ? (options.lastResume ?? null) : String(i + 1) };
    },
    watermarkFor: (s) => s.toISOString(),
    sample: async (n) => (pages[0] ?? []).slice(0, n),
    idOf: (r) => String(r.id),
  };
}

describe('runSourceConformance', () => {
  it('passes a well-behaved source and reports what it read', async () => {
    const r = await runSourceConformance(fakeSource([[{ id: '1' }, { id: '2' }], [{ id: '3' }]]), { minRecords: 3 });
    expect(r.full.records).toBe(3);
    expect(r.full.pages).toBe(2);
  });
  it('fails on a duplicate id across pages', async () => {
    await expect(runSourceConformance(fakeSource([[{ id: '1' }], [{ id: '1' }]]))).rejects.toThrow(ConformanceError);
  });
  it('fails when the last page does not say so', async () => {
    await expect(runSourceConformance(fakeSource([[{ id: '1' }]], { lastResume: 'more' }))).rejects.toThrow(/resume null/);
  });
  it('fails when fewer records than expected come back', async () => {
    await expect(runSourceConformance(fakeSource([[{ id: '1' }]]), { minRecords: 5 })).rejects.toThrow(/at least 5/);
  });
});
