import { describe, expect, it } from 'vitest';
import { asDryRunPages, dryRunCalls, pagesOf } from './dry-run-cost.ts';

describe('dry-run cost', () => {
  it('splits records into pages of 500, the last one partial, and reads one empty page when there is nothing', () => {
    expect(pagesOf(2000)).toEqual([500, 500, 500, 500]);
    expect(pagesOf(1201)).toEqual([500, 500, 201]);
    expect(pagesOf(0)).toEqual([0]);
  });

  it('counts one source call per page and one batch read per 100 keys of each page when comparing live', () => {
    // The example: 2,000 records → 4 pages from Sage 300, 20 batch reads in HubSpot.
    expect(dryRunCalls(pagesOf(2000), true)).toEqual({ source: 4, destination: 20 });
    // A partial page still takes a batch read for its last keys: 201 → 3 reads, not 2.01.
    expect(dryRunCalls(pagesOf(1201), true)).toEqual({ source: 3, destination: 5 + 5 + 3 });
    expect(dryRunCalls([0], true)).toEqual({ source: 1, destination: 0 });
  });

  it('makes no destination call when it compares with our last writes', () => {
    expect(dryRunCalls(pagesOf(2000), false)).toEqual({ source: 4, destination: 0 });
  });

  it('takes a source’s own pages as they came, splitting any larger than a dry run asks for', () => {
    // HubSpot lists keys 100 at a time; the dry run's reads come in the same pages.
    expect(dryRunCalls(asDryRunPages([100, 100, 38]), true)).toEqual({ source: 3, destination: 3 });
    expect(asDryRunPages([1200])).toEqual([500, 500, 200]);
    expect(asDryRunPages([])).toEqual([0]);
  });
});
