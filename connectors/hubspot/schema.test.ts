import { describe, expect, it } from 'vitest';
import { batchResponse, simpleObject } from './schema.ts';

describe('HubSpot response schemas', () => {
  it('accept property values that are strings or null, and keep them as sent', () => {
    const properties = { name: 'Acme', domain: null, ml_key: 'C-1' };
    const parsed = simpleObject.parse({ id: '1', properties });
    expect(parsed.properties).toEqual({ name: 'Acme', domain: null, ml_key: 'C-1' });
    expect(simpleObject.parse({ id: '2' }).properties).toEqual({});
  });

  it('refuse a record whose property value is not a string or null, naming where', () => {
    const r = batchResponse.safeParse({ results: [{ id: '1', properties: { name: 'Acme' } }, { id: '2', properties: { amount: 12 } }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['results', 1, 'properties']);
    expect(simpleObject.safeParse({ id: '3', properties: ['a'] }).success).toBe(false);
    expect(simpleObject.safeParse({ id: '4', properties: 'x' }).success).toBe(false);
  });
});
