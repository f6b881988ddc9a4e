import { describe, expect, it } from 'vitest';
import { RecordError } from './errors.ts';

describe('RecordError failure cause', () => {
  it('says whether the source data or the destination state must change, and carries it into audit JSON', () => {
    const dup = new RecordError('HubSpot: contact already exists', { code: 'HUBSPOT_UNIQUE_VALUE', failureCause: 'destination-state' });
    expect(dup.failureCause).toBe('destination-state');
    expect(dup.toJSON()).toMatchObject({ kind: 'record', code: 'HUBSPOT_UNIQUE_VALUE', failureCause: 'destination-state' });
    const unknown = new RecordError('refused');
    expect(unknown.failureCause).toBeUndefined();
    expect(unknown.toJSON()).not.toHaveProperty('failureCause');
  });
});
