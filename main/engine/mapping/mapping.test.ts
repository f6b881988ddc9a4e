import { describe, expect, it } from 'vitest';
import { mappingSchema, type MappingInput } from '../../../preload/contract/index.ts';
import { transforms, splitName, parseDate, TransformFailure } from './transforms.ts';
import { applyMapping, writableOnUpdate } from './apply.ts';
import { validateMapping } from './validate.ts';
import { keyPrefixRejection } from './filter.ts';
import { payloadHash, stableStringify } from './hash.ts';

const run = (fn: string, value: unknown, params: Record<string, unknown> = {}, tables: Record<string, Record<string, string>> = {}) =>
  transforms[fn]!.fn(value, { fn, ...params }, { tables });

describe('transforms', () => {
  it('text transforms', () => {
    expect(run('trim', '  Acme   Widgets  ')).toBe('Acme Widgets');
    expect(run('upper', 'straße')).toBe('STRASSE');
    expect(run('lower', 'ÀBC')).toBe('àbc');
    expect(run('titleCase', "o'neil-SMITH and co")).toBe("O'Neil-Smith And Co");
    expect(run('truncate', '😀😀😀', { max: 2 })).toBe('😀😀');
    expect(run('trim', null)).toBeNull();
  });

  it('splitName handles "Last, First", titles and single words', () => {
    expect(splitName('Smith, John')).toEqual({ first: 'John', last: 'Smith' });
    expect(splitName('Dr. Mary Ann  O’Neil')).toEqual({ first: 'Mary Ann', last: 'O’Neil' });
    expect(splitName('Cher')).toEqual({ first: 'Cher', last: '' });
    expect(run('splitName', 'Jane Doe', { part: 'last' })).toBe('Doe');
    expect(() => run('splitName', 'Jane Doe', { part: 'middle' })).toThrow(TransformFailure);
  });

  it('numbers and rounding', () => {
    expect(run('number', '1,234.50')).toBe(1234.5);
    expect(run('number', '(12.5)')).toBe(-12.5);
    expect(run('number', '')).toBeNull();
    expect(() => run('number', '12abc')).toThrow(/not a number/);
    expect(run('round', 2.675, { digits: 2 })).toBe(2.68);
    expect(run('round', -2.5, { digits: 0 })).toBe(-3);
    expect(run('round', '10')).toBe(10);
  });

  it('dates in every shape Sage and HubSpot use', () => {
    expect(run('date', '2024-03-01', { format: 'epoch-ms' })).toBe(Date.UTC(2024, 2, 1));
    expect(run('date', '20240301', { format: 'date' })).toBe('2024-03-01');
    expect(run('date', '2024-03-01T10:20:30Z', { format: 'datetime' })).toBe('2024-03-01T10:20:30.000Z');
    expect(run('date', '/Date(1709251200000)/', { format: 'date' })).toBe('2024-03-01');
    expect(run('date', '', { format: 'date' })).toBeNull();
    expect(() => run('date', 'yesterday', { format: 'date' })).toThrow(/not a date/);
    expect(() => parseDate('00000000')).toThrow(/no date/);
    expect(() => run('date', '2024-03-01', { format: 'weird' })).toThrow(/format/);
  });

  it('last and stripPrefix', () => {
    expect(run('last', '4876876000000624011', { max: 6 })).toBe('624011');
    expect(run('last', 'ab', { max: 6 })).toBe('ab');
    expect(() => run('last', 'ab', { max: 0 })).toThrow(TransformFailure);
    expect(run('prefix', '624011', { value: 'Z' })).toBe('Z624011');
    expect(run('prefix', ' ', { value: 'Z' })).toBeNull();
    expect(run('stripPrefix', 'CUST-C01200', { value: 'CUST-' })).toBe('C01200');
    expect(run('stripPrefix', 'VEND-1200', { value: 'CUST-' })).toBeNull();
    expect(run('stripPrefix', 'CUST-', { value: 'CUST-' })).toBeNull();
    expect(run('stripPrefix', null, { value: 'CUST-' })).toBeNull();
  });

  it('default, constant, required, boolean, domain', () => {
    expect(run('default', '', { value: 'n/a' })).toBe('n/a');
    expect(run('default', 'x', { value: 'n/a' })).toBe('x');
    expect(run('constant', 'anything', { value: 'customer' })).toBe('customer');
    expect(() => run('required', '  ', { message: 'email is required' })).toThrow('email is required');
    expect(run('boolean', 'Yes')).toBe(true);
    expect(run('boolean', '0')).toBe(false);
    expect(() => run('boolean', 'maybe')).toThrow(TransformFailure);
    expect(run('domain', 'https://www.Acme.co.uk/about?x=1')).toBe('acme.co.uk');
    expect(run('domain', 'not a site')).toBeNull();
  });

  it('lookup tables with and without fallback', () => {
    const tables = { terms: { NET30: 'Net 30 days' } };
    expect(run('lookup', 'NET30', { table: 'terms' }, tables)).toBe('Net 30 days');
    expect(() => run('lookup', 'COD', { table: 'terms' }, tables)).toThrow(/"COD" is not in lookup table "terms"/);
    expect(run('lookup', 'COD', { table: 'terms', fallback: '$value' }, tables)).toBe('COD');
    expect(run('lookup', 'COD', { table: 'terms', fallback: 'Other' }, tables)).toBe('Other');
  });
});

const baseMapping: MappingInput = {
  key: { from: 'IDCUST', to: 'ml_sage300_customer_number' },
  fields: [
    { to: 'name', from: 'NAMECUST', transform: [{ fn: 'trim' }, { fn: 'required', message: 'the customer has no name' }] },
    { to: 'address', template: '{TEXTSTRE1}, {TEXTSTRE2}, {NAMECITY}' },
    { to: 'terms', from: 'CODETERM', transform: [{ fn: 'lookup', table: 'terms', fallback: '$value' }] },
    { to: 'lifecyclestage', value: 'customer' },
    { to: 'firstname', from: 'NAMECTAC', transform: [{ fn: 'splitName', part: 'first' }] },
  ],
  tables: { terms: { NET30: 'Net 30 days' } },
  authority: { lifecyclestage: 'dest' },
  lines: { from: 'lines', fields: [{ to: 'quantity', from: 'QTY', transform: [{ fn: 'number' }] }] },
  associations: [{ from: 'IDGRP', flow: 'groups', object: 'companies', required: false }],
};

describe('applyMapping', () => {
  const mapping = mappingSchema.parse(baseMapping);
  const record = { IDCUST: ' 1200 ', NAMECUST: '  Mountain  Air ', TEXTSTRE1: '1 High St', TEXTSTRE2: '', NAMECITY: 'Leeds', CODETERM: 'NET30', NAMECTAC: 'Ann Lee', lines: [{ QTY: '2' }, { QTY: '3.5' }] };

  it('maps fields, templates, lines and the key', () => {
    const r = applyMapping(mapping, record);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.sourceId).toBe('1200');
    expect(r.value.properties).toEqual({
      ml_sage300_customer_number: '1200',
      name: 'Mountain Air',
      address: '1 High St, Leeds',
      terms: 'Net 30 days',
      lifecyclestage: 'customer',
      firstname: 'Ann',
    });
    expect(r.value.lines).toEqual([{ quantity: 2 }, { quantity: 3.5 }]);
    expect(r.value.associations).toEqual([]);
  });

  it('fails the record with every reason, naming the field', () => {
    const r = applyMapping(mapping, { ...record, NAMECUST: ' ', lines: [{ QTY: 'x' }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.message)).toEqual(['name: the customer has no name', 'lines[0].quantity: "x" is not a number']);
  });

  it('refuses a record without a key', () => {
    const r = applyMapping(mapping, { ...record, IDCUST: '' });
    expect(r.ok).toBe(false);
  });

  it('writes the key with its prefix and keeps the bare key as the source id', () => {
    const prefixed = mappingSchema.parse({ ...baseMapping, key: { from: 'IDCUST', to: 'External_Id', prefix: 'VEND-' } });
    const r = applyMapping(prefixed, record);
    expect(r.ok && r.value.sourceId).toBe('1200');
    expect(r.ok && r.value.properties.External_Id).toBe('VEND-1200');
  });

  it('reads a prefixed key back as the bare source id, and refuses a key of another origin', () => {
    const back = mappingSchema.parse({ key: { from: 'External_Id', to: 'VendorNumber', sourcePrefix: 'VEND-' }, fields: [{ to: 'PhoneNumber', from: 'Phone' }] });
    const r = applyMapping(back, { External_Id: 'VEND-1200', Phone: '555' });
    expect(r.ok && r.value.sourceId).toBe('1200');
    expect(r.ok && r.value.properties).toEqual({ VendorNumber: '1200', PhoneNumber: '555' });
    expect(applyMapping(back, { External_Id: 'CUST-1200', Phone: '555' }).ok).toBe(false);
    expect(keyPrefixRejection(back.key, { External_Id: 'CUST-1200' })).toBe('its key "External_Id" is "CUST-1200", which does not start with "VEND-"');
    expect(keyPrefixRejection(back.key, { External_Id: 'VEND-1' })).toBeNull();
    expect(keyPrefixRejection(mapping.key, { IDCUST: 'X' })).toBeNull();
  });

  it('keeps destination-owned fields out of updates', () => {
    expect(writableOnUpdate(mapping, { name: 'x', lifecyclestage: 'customer' })).toEqual({ name: 'x' });
  });

  it('hashes payloads independently of key order', () => {
    expect(payloadHash({ a: 1, b: { c: [1, 2], d: null } })).toBe(payloadHash({ b: { d: null, c: [1, 2] }, a: 1 }));
    expect(payloadHash({ a: 1 })).not.toBe(payloadHash({ a: 2 }));
    expect(payloadHash({ a: '' })).toBe(payloadHash({ a: null }));
    expect(payloadHash({ a: '' })).not.toBe(payloadHash({ a: ' ' }));
  });

  it('keeps the exact hash text every stored hash was made from', () => {
    // id_map holds these hashes: a different text for the same payload would rewrite every record once.
    // eslint-disable-next-line no-sparse-arrays
    const payload = { p: { name: 'Müller & Söhne', empty: '', n: 0, neg: -0, f: 1.5, nan: NaN, t: true, nul: null, u: undefined, fn: () => 1, date: new Date(0), nested: { z: [1, , '', { b: 2, a: [] }], a: {} }, '10': 'ten', '9': 'nine', é: 'e' }, l: null, a: [{ object: 'companies', id: '7' }] };
    expect(stableStringify(payload)).toBe(
      '{"a":[{"id":"7","object":"companies"}],"l":null,"p":{"10":"ten","9":"nine","date":{},"empty":null,"f":1.5,"fn":null,"n":0,"name":"Müller & Söhne","nan":null,"neg":0,"nested":{"a":{},"z":[1,,null,{"a":[],"b":2}]},"nul":null,"t":true,"é":"e"}}',
    );
    expect(payloadHash(payload)).toBe('96Jk8dfhgpH5t9qgAKer3OaUANYJgdxN');
  });
});

describe('validateMapping', () => {
  it('names an unknown transform, a missing parameter, a missing table and unknown fields', () => {
    const m = mappingSchema.parse({
      ...baseMapping,
      fields: [
        { to: 'name', from: 'NAMECUST', transform: [{ fn: 'shout' }] },
        { to: 'x', from: 'NOPE', transform: [{ fn: 'round' }, { fn: 'splitName' }, { fn: 'lookup', table: 'missing' }] },
      ],
    });
    const problems = validateMapping(m, { source: ['IDCUST', 'NAMECUST'], dest: ['name', 'ml_sage300_customer_number'] });
    const messages = problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^fields\[0\]\.transform\[0\]: unknown transform "shout"/));
    expect(messages).toContain('fields[1].to: unknown destination field "x"');
    expect(messages).toContain('fields[1].from: unknown source field "NOPE"');
    expect(messages).toContainEqual(expect.stringMatching(/^fields\[1\]\.transform\[1\]\.part: transform "splitName" needs "part"/));
    expect(messages).toContain('fields[1].transform[2].table: lookup table "missing" does not exist in this mapping');
  });

  it('passes a correct mapping', () => {
    expect(validateMapping(mappingSchema.parse(baseMapping))).toEqual([]);
  });
});
