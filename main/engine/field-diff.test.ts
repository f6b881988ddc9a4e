import { describe, expect, it } from 'vitest';
import { fieldDiff, sentProperties } from './field-diff.ts';

describe('fieldDiff', () => {
  it('names each changed field with its value before and after, comparing by meaning', () => {
    expect(fieldDiff({ name: 'Acme', amount: '1200.50', city: 'Leeds', gone: 'x' }, { name: 'Acme Ltd', amount: 1200.5, city: 'Leeds', phone: '+44 1' })).toEqual([
      { field: 'name', from: 'Acme', to: 'Acme Ltd' },
      { field: 'phone', from: null, to: '+44 1' },
    ]);
  });

  it('compares structured values as a whole', () => {
    expect(fieldDiff({ tags: ['a'] }, { tags: ['a'] })).toEqual([]);
    expect(fieldDiff({ tags: ['a'] }, { tags: ['a', 'b'] })).toEqual([{ field: 'tags', from: ['a'], to: ['a', 'b'] }]);
  });

  it('reads the properties a stored mapped payload sent, and nothing from anything else', () => {
    expect(sentProperties({ sourceId: '1', properties: { name: 'A' } })).toEqual({ name: 'A' });
    expect(sentProperties(null)).toBeUndefined();
    expect(sentProperties({ properties: [] })).toBeUndefined();
  });
});
