import { describe, expect, it } from 'vitest';
import { failureCause, RecordError } from './errors.ts';

describe('RecordError failure cause', () => {
  it('says whether the source data or the destination state must change, and carries it into audit JSON', () => {
    const dup = new RecordError('HubSpot: contact already exists', { code: 'HUBSPOT_UNIQUE_VALUE', failureCause: 'destination' });
    expect(dup.failureCause).toBe('destination');
    expect(dup.toJSON()).toMatchObject({ kind: 'record', code: 'HUBSPOT_UNIQUE_VALUE', failureCause: 'destination' });
    const unknown = new RecordError('refused');
    expect(unknown.failureCause).toBeUndefined();
    expect(unknown.toJSON()).not.toHaveProperty('failureCause');
  });
});

describe('failureCause default rules', () => {
  it('keeps the connector’s own answer', () => {
    expect(failureCause({ kind: 'record', code: 'CONFLICT', failureCause: 'source' })).toBe('source');
  });
  it('puts what may succeed as it is, conflicts, duplicates, missing records and options in the destination', () => {
    expect(failureCause({ kind: 'retriable', code: 'HTTP_503' })).toBe('destination');
    expect(failureCause({ kind: 'record', code: 'SAGE300_NO_CUSTOMER', retryable: true })).toBe('destination');
    expect(failureCause({ kind: 'record', status: 409 })).toBe('destination');
    expect(failureCause({ kind: 'record', status: 404 })).toBe('destination');
    for (const code of ['CONFLICT', 'HUBSPOT_UNIQUE_VALUE', 'SAGE300_RECORD_DUPLICATE', 'SAPB1_ETAG_MISMATCH', 'NOT_FOUND', 'INVALID_OPTION', 'SAGE300_DAY_END']) {
      expect(failureCause({ kind: 'record', code }), code).toBe('destination');
    }
  });
  it('puts validation, mapping errors and unknown refusals in the source data', () => {
    for (const code of ['INVALID_EMAIL', 'HUBSPOT_VALIDATION', 'VALIDATION', 'MAPPING', 'SAGE300_INVALID_VALUE', undefined]) {
      expect(failureCause({ kind: 'record', code }), String(code)).toBe('source');
    }
    expect(failureCause({ kind: 'record', status: 400 })).toBe('source');
    // A code that merely contains a destination word is not one (NOT_FOUNDATION is no NOT_FOUND).
    expect(failureCause({ kind: 'record', code: 'NOT_FOUNDATION' })).toBe('source');
  });
});
