import { describe, expect, it } from 'vitest';
import { failureHint } from './failure-hint.ts';

const base = { sourceSystem: 'sage300', sourceEntityLabel: 'AR customers', sourceId: 'C000123', sourceLabel: 'Acme Corp', rereadable: true, hint: 'Fix the value in the source record or the flow\'s mapping for the HubSpot property email, then replay.' };

describe('failureHint', () => {
  it('a refusal of the source data names the record to fix, where', () => {
    expect(failureHint({ ...base, cause: 'source' })).toBe('Fix it in Sage 300, in AR customers record C000123 (Acme Corp) — or in the flow\'s mapping — then replay.');
    expect(failureHint({ ...base, cause: 'source', sourceLabel: null })).toBe('Fix it in Sage 300, in AR customers record C000123 — or in the flow\'s mapping — then replay.');
  });
  it('a source that cannot read one record again is not sent to a replay that would resend the unfixed payload', () => {
    expect(failureHint({ ...base, cause: 'source', sourceSystem: 'zoho', sourceEntityLabel: 'Deals', sourceId: '4876876000000624001', sourceLabel: 'Big deal', rereadable: false }))
      .toBe('Fix it in Zoho CRM, in Deals record 4876876000000624001 (Big deal): the next run sends it once it has changed there. Or fix the flow\'s mapping, then replay.');
  });
  it('a refusal caused by the destination keeps the destination\'s hint', () => {
    expect(failureHint({ ...base, cause: 'destination', hint: 'Another HubSpot record already holds this unique value.' })).toBe('Another HubSpot record already holds this unique value.');
  });
});
