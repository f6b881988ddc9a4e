// The three-way comparison of one flow's parts (upgrade-plan.ts diffFlow) and putting one part in place
// (flow-parts.ts withPart), without a store: what counts as the admin's edit, what is the same setting
// spelled two ways, where a new rule goes, and what an unknown base (no template version on disk) offers.
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../preload/contract/index.ts';
import { baseOf, partsOf, unknownBase, withPart, type FlowShape } from './flow-parts.ts';
import { diffFlow } from './upgrade-plan.ts';

const shape = (fields: Mapping['fields'], extra: Partial<Mapping> = {}): FlowShape => ({
  schedule: { kind: 'interval', minutes: 15 },
  mapping: { key: { from: 'id', to: 'ml_id' }, fields, tables: {}, authority: {}, associations: [], ...extra },
});
const a = { to: 'a', from: 'A' };
const b = { to: 'b', from: 'B' };
const c = { to: 'c', from: 'C' };

describe('a flow’s parts, three ways', () => {
  it('offers what the template changed, as clean changes where the flow is as built and conflicts where the admin edited it', () => {
    const built = shape([a, b]);
    const next = shape([a, { ...b, transform: [{ fn: 'trim' }] }, c], { filter: [{ field: 'X', op: 'isSet' }] });
    const flow = shape([{ ...a, transform: [{ fn: 'upper' }] }, b, { to: 'mine', value: 1 }]);
    const changes = diffFlow('f', baseOf(built), next, flow);
    expect(changes.map((x) => [x.label, x.kind, x.conflict])).toEqual([
      ['Record filter', 'filterChanged', false],
      ['Rule "b"', 'ruleChanged', false],
      ['Rule "c"', 'ruleAdded', false],
    ]);
    // The template now changes the rule the admin edited: a conflict, never a clean change.
    const next2 = shape([{ ...a, transform: [{ fn: 'lower' }] }, b]);
    expect(diffFlow('f', baseOf(built), next2, flow)).toEqual([expect.objectContaining({ id: 'f:rule:a', conflict: true, current: 'A → upper', template: 'A → lower', before: 'A' })]);
  });

  it('treats a setting spelled out as its default as unchanged, and a change the admin already made as done', () => {
    const built = shape([a]);
    expect(diffFlow('f', baseOf(built), shape([a], { missingParent: 'wait' }), built)).toEqual([]);
    expect(diffFlow('f', baseOf(built), shape([a, b]), shape([a, b]))).toEqual([]);
  });

  it('with an unknown base, every difference is the admin’s to decide — and a rule only they have is not "removed"', () => {
    const flow = shape([a, { to: 'mine', value: 1 }]);
    const changes = diffFlow('f', unknownBase(), shape([a, b]), flow);
    expect(changes.map((x) => [x.label, x.kind, x.conflict, x.before])).toEqual([['Rule "b"', 'ruleAdded', true, null]]);
  });

  it('puts a new rule after the one before it in the template, replaces one in place, removes one, and leaves the rest', () => {
    const flow = shape([a, { to: 'mine', value: 1 }, c]);
    const order = ['a', 'b', 'c'];
    expect(withPart(flow, 'rule:b', b, order).mapping.fields.map((r) => r.to)).toEqual(['a', 'b', 'mine', 'c']);
    expect(withPart(flow, 'rule:c', { to: 'c', value: 'x' }, order).mapping.fields[2]).toEqual({ to: 'c', value: 'x' });
    expect(withPart(flow, 'rule:a', undefined, order).mapping.fields.map((r) => r.to)).toEqual(['mine', 'c']);
    const filtered = withPart(flow, 'filter', [{ field: 'X', op: 'isSet' }]);
    expect(withPart(filtered, 'filter', undefined).mapping).toEqual(flow.mapping);
    expect(partsOf(withPart(flow, 'schedule', { kind: 'manual' })).get('schedule')).toEqual({ kind: 'manual' });
  });
});
