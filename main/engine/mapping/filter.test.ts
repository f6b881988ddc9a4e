import { describe, expect, it } from 'vitest';
import { mappingSchema, type MappingInput } from '../../../preload/contract/index.ts';
import { filterRejection } from './filter.ts';
import { validateMapping } from './validate.ts';

const base: MappingInput = { key: { from: 'hs_object_id', to: 'OrderNumber' }, fields: [{ from: 'dealname', to: 'Description' }] };
const filterOf = (filter: unknown) => mappingSchema.parse({ ...base, filter }).filter;

describe('record filter evaluation', () => {
  it('equals and notEquals compare trimmed strings, case-sensitively', () => {
    const f = filterOf([{ field: 'dealstage', op: 'equals', value: ' closedwon ' }]);
    expect(filterRejection(f, { dealstage: 'closedwon  ' })).toBeNull();
    expect(filterRejection(f, { dealstage: 'ClosedWon' })).toBe('"dealstage" is "ClosedWon", not "closedwon"');
    expect(filterRejection(f, {})).toBe('"dealstage" is empty, not "closedwon"');
    expect(filterRejection(filterOf([{ field: 'amount', op: 'equals', value: '5' }]), { amount: 5 })).toBeNull();
    const not = filterOf([{ field: 'type', op: 'notEquals', value: 'PARTNER' }]);
    expect(filterRejection(not, { type: 'VENDOR' })).toBeNull();
    expect(filterRejection(not, { type: null })).toBeNull();
    expect(filterRejection(not, { type: ' PARTNER' })).toBe('"type" is "PARTNER", which this flow leaves out');
  });

  it('in takes any listed value and names the list when the record has none of them', () => {
    const f = filterOf([{ field: 'dealstage', op: 'in', value: ['closedwon', 'contractsent'] }]);
    expect(filterRejection(f, { dealstage: 'contractsent' })).toBeNull();
    expect(filterRejection(f, { dealstage: 'appointmentscheduled' })).toBe('"dealstage" is "appointmentscheduled", not one of closedwon, contractsent');
    expect(filterRejection(f, { dealstage: 'CLOSEDWON' })).not.toBeNull();
  });

  it('isSet and isNotSet treat missing, null and blank as not set, and walk paths', () => {
    const set = filterOf([{ field: 'props.vendor', op: 'isSet' }]);
    expect(filterRejection(set, { props: { vendor: 'yes' } })).toBeNull();
    for (const r of [{}, { props: null }, { props: { vendor: null } }, { props: { vendor: '   ' } }]) expect(filterRejection(set, r)).toBe('"props.vendor" is empty');
    const unset = filterOf([{ field: 'archived', op: 'isNotSet' }]);
    expect(filterRejection(unset, { archived: '' })).toBeNull();
    expect(filterRejection(unset, { archived: true })).toBe('"archived" is "true", and this flow takes only records without it');
  });

  it('every condition must hold; the first failing one is the reason; no filter passes everything', () => {
    const f = filterOf([{ field: 'type', op: 'equals', value: 'VENDOR' }, { field: 'dealstage', op: 'in', value: ['closedwon'] }]);
    expect(filterRejection(f, { type: 'VENDOR', dealstage: 'closedwon' })).toBeNull();
    expect(filterRejection(f, { type: 'VENDOR', dealstage: 'closedlost' })).toBe('"dealstage" is "closedlost", not one of closedwon');
    expect(filterRejection(f, { type: 'PROSPECT', dealstage: 'closedlost' })).toBe('"type" is "PROSPECT", not "VENDOR"');
    expect(filterRejection(undefined, { anything: 1 })).toBeNull();
    expect(filterRejection(filterOf([]), {})).toBeNull();
  });
});

describe('record filter validation', () => {
  const problems = (filter: unknown) => {
    const r = mappingSchema.safeParse({ ...base, filter });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('names an unknown op and a value of the wrong shape', () => {
    expect(problems([{ field: 'dealstage', op: 'startsWith', value: 'closed' }])).toEqual(['filter.0.op: unknown filter op "startsWith" on "dealstage" (known: equals, notEquals, in, isSet, isNotSet)']);
    expect(problems([{ field: 'dealstage', op: 'in', value: 'closedwon' }])).toEqual(['filter.0.value: filter op "in" on "dealstage" takes a list of strings as "value"']);
    expect(problems([{ field: 'dealstage', op: 'equals' }])).toEqual(['filter.0.value: filter op "equals" on "dealstage" takes a string "value"']);
    expect(problems([{ field: 'dealstage', op: 'isSet', value: 'x' }])).toEqual(['filter.0.value: filter op "isSet" on "dealstage" takes no "value"']);
    expect(problems([{ field: '', op: 'isSet' }])).toHaveLength(1);
    expect(problems([{ field: 'dealstage', op: 'isSet' }])).toEqual([]);
  });

  it('checks the filter fields against the source fields', () => {
    const m = mappingSchema.parse({ ...base, filter: [{ field: 'dealstage', op: 'isSet' }, { field: 'properties.nosuch', op: 'isSet' }] });
    expect(validateMapping(m, { source: ['hs_object_id', 'dealname', 'dealstage'] })).toEqual([{ path: 'filter[1].field', message: 'unknown source field "properties.nosuch" in filter' }]);
    expect(validateMapping(m)).toEqual([]);
  });
});
