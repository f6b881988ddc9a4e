import { describe, expect, it } from 'vitest';
import { dryRunCostText, dryRunsCostText } from './dry-run-cost-text.ts';
import type { DryRunEstimate } from './dry-run.ts';

const base: DryRunEstimate = {
  flowId: 'f1',
  records: 2000,
  basis: 'counted',
  countCalls: 4,
  source: { system: 'sage300', label: 'Sage 300', calls: 4 },
  destination: { system: 'hubspot', label: 'HubSpot', calls: 20 },
  total: 24,
  budget: { system: 'hubspot', label: 'This HubSpot account', available: 237_500, limit: 250_000, window: 'daily' },
};

describe('dryRunCostText', () => {
  it('names the calls to each system and what is left of the CRM account’s allowance', () => {
    expect(dryRunCostText(base)).toBe('About 24 calls: 4 to Sage 300, 20 to HubSpot (of 237,500 left today), for 2,000 records (counted just now in 4 calls to Sage 300).');
  });

  it('puts the allowance after the CRM’s calls when the CRM is the source, and says a rolling window', () => {
    const e: DryRunEstimate = {
      ...base,
      source: { system: 'zoho', label: 'Zoho CRM', calls: 10 },
      destination: { system: 'sage300', label: 'Sage 300', calls: 0 },
      total: 10,
      countCalls: 10,
      budget: { system: 'zoho', label: 'The Zoho CRM organisation', available: 4_200, limit: 5_000, window: 'rolling' },
    };
    expect(dryRunCostText(e)).toBe('About 10 calls: 10 to Zoho CRM (of 4,200 left in the last 24 hours), none to Sage 300 (compared with our last writes), for 2,000 records (counted just now in 10 calls to Zoho CRM).');
  });

  it('says a dry run from the watermark is estimated from the last run', () => {
    expect(dryRunCostText({ ...base, basis: 'last-run', records: 1, countCalls: 0, source: { ...base.source, calls: 1 }, destination: { ...base.destination, calls: 1 }, total: 2 })).toBe(
      'About 2 calls: 1 to Sage 300, 1 to HubSpot (of 237,500 left today), for about 1 record (as many as the last run read; it reads what changed since).',
    );
  });

  it('says so when the source cannot count its records', () => {
    expect(dryRunCostText({ ...base, records: null, basis: 'unknown', countCalls: 0, source: { ...base.source, calls: null }, destination: { ...base.destination, calls: null }, total: null })).toBe(
      'The cost is not known beforehand: Sage 300 cannot count its records without reading them. The dry run makes one call to Sage 300 per 500 records and one to HubSpot per 100 (of 237,500 left today).',
    );
  });

  it('sums several flows’ dry runs per system, and waits for every estimate', () => {
    const invoices: DryRunEstimate = { ...base, records: 63, countCalls: 1, source: { ...base.source, calls: 1 }, destination: { ...base.destination, calls: 0 }, total: 1 };
    expect(dryRunsCostText([base, invoices])).toBe('All 2 dry runs: about 25 calls: 5 to Sage 300, 20 to HubSpot (of 237,500 left today).');
    expect(dryRunsCostText([base, { ...invoices, total: null, records: null, basis: 'unknown', source: { ...invoices.source, calls: null }, destination: { ...invoices.destination, calls: null } }])).toBeNull();
    expect(dryRunsCostText([])).toBeNull();
  });
});
