import { describe, expect, it } from 'vitest';
import { estimateCallsForRecords } from './calls-estimate.ts';

describe('calls for N records', () => {
  it('one call per batch of up to 100 by default, none for nothing to write', () => {
    expect(estimateCallsForRecords({ records: 0 })).toBe(0);
    expect(estimateCallsForRecords({ records: 1 })).toBe(1);
    expect(estimateCallsForRecords({ records: 100 })).toBe(1);
    expect(estimateCallsForRecords({ records: 101 })).toBe(2);
    expect(estimateCallsForRecords({ records: 10_000 })).toBe(100);
  });

  it('adds calls per batch, pages read from a CRM source and look-ups', () => {
    expect(estimateCallsForRecords({ records: 250, batchSize: 100, callsPerBatch: 3 })).toBe(9);
    expect(estimateCallsForRecords({ records: 250, batchSize: 1 })).toBe(250); // a destination without batches (Sage 300)
    expect(estimateCallsForRecords({ records: 40, read: { records: 1000, pageSize: 100 }, lookups: 2 })).toBe(1 + 10 + 2);
  });
});
