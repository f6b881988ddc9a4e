import { describe, expect, it } from 'vitest';
import { templateFileSchema, type TemplateFile } from './templates.ts';
import { keyPrefixFor, withConnectionPrefix } from './key-prefix.ts';
import type { FlowRow } from '../store/index.ts';

const mapping = (key: Record<string, string>) => ({ key: { from: 'a', to: 'b', ...key }, fields: [] });
const template: TemplateFile = templateFileSchema.parse({
  id: 'erp-crm',
  label: 'ERP ↔ CRM',
  description: '',
  erp: 'sage300',
  crm: 'hubspot',
  direction: 'two-way',
  flows: [
    { key: 'out', name: 'Out', description: '', from: 'erp', sourceEntity: 's', destObject: 'd', schedule: { kind: 'manual' }, connectionKeyPrefix: true, mapping: mapping({ prefix: 'V-' }) },
    { key: 'back', name: 'Back', description: '', from: 'crm', sourceEntity: 'd', destObject: 's', schedule: { kind: 'manual' }, connectionKeyPrefix: true, mapping: mapping({}) },
    { key: 'own', name: 'Own', description: '', from: 'crm', sourceEntity: 'x', destObject: 'y', schedule: { kind: 'manual' }, mapping: mapping({}) },
  ],
});
const flow = (key: string) => template.flows.find((f) => f.key === key)!;

/** The rows fromTemplate would have stored for `erp` → `crm` with `prefix`. */
const built = (erp: string, crm: string, prefix?: string): FlowRow[] =>
  template.flows.map((f) => ({
    id: `${erp}-${f.key}`, name: f.name, template: `erp-crm/${f.key}`, sourceConnectionId: f.from === 'erp' ? erp : crm, sourceEntity: f.sourceEntity,
    destConnectionId: f.from === 'erp' ? crm : erp, destObject: f.destObject, mapping: withConnectionPrefix(f, f.mapping, prefix), schedule: f.schedule,
    enabled: true, dependsOn: [], createdAt: '', updatedAt: '',
  }));
const name = (id: string) => `conn ${id}`;

describe('per-connection key prefixes', () => {
  it('go in front of the key written (ERP → CRM) and the key read back (CRM → ERP), only on marked flows', () => {
    expect(withConnectionPrefix(flow('out'), flow('out').mapping, 'EU-').key).toMatchObject({ prefix: 'EU-V-' });
    expect(withConnectionPrefix(flow('back'), flow('back').mapping, 'EU-').key).toMatchObject({ sourcePrefix: 'EU-' });
    expect(withConnectionPrefix(flow('own'), flow('own').mapping, 'EU-').key).toEqual({ from: 'a', to: 'b' });
    expect(withConnectionPrefix(flow('out'), flow('out').mapping, undefined)).toBe(flow('out').mapping);
  });

  it('the first company needs none; a second into the same CRM needs its own', () => {
    expect(keyPrefixFor(template, 'e1', 'c1', undefined, [], name)).toBeUndefined();
    const rows = built('e1', 'c1');
    expect(() => keyPrefixFor(template, 'e2', 'c1', undefined, rows, name)).toThrow(expect.objectContaining({ code: 'KEY_PREFIX_NEEDED', message: expect.stringContaining('conn e1') }));
    expect(keyPrefixFor(template, 'e2', 'c1', 'EU-', rows, name)).toBe('EU-');
    // Into another CRM connection, nothing can merge.
    expect(keyPrefixFor(template, 'e2', 'c2', undefined, rows, name)).toBeUndefined();
  });

  it('refuses a prefix another company uses, or one that begins or extends it', () => {
    const rows = [...built('e1', 'c1'), ...built('e2', 'c1', 'EU-')];
    for (const p of ['EU-', 'EU-2-', 'E']) expect(() => keyPrefixFor(template, 'e3', 'c1', p, rows, name)).toThrow(expect.objectContaining({ code: 'KEY_PREFIX_TAKEN' }));
    expect(keyPrefixFor(template, 'e3', 'c1', 'US-', rows, name)).toBe('US-');
  });

  it('keeps the prefix the pair was built with when flows are added later, and refuses another', () => {
    const rows = [...built('e1', 'c1'), ...built('e2', 'c1', 'EU-')];
    expect(keyPrefixFor(template, 'e2', 'c1', undefined, rows, name)).toBe('EU-');
    expect(keyPrefixFor(template, 'e1', 'c1', undefined, rows, name)).toBeUndefined();
    expect(() => keyPrefixFor(template, 'e2', 'c1', 'XX-', rows, name)).toThrow(expect.objectContaining({ code: 'KEY_PREFIX_FIXED' }));
  });

  it('a template without marked flows takes no prefix', () => {
    const plain = { ...template, flows: template.flows.map((f) => ({ ...f, connectionKeyPrefix: false })) };
    expect(keyPrefixFor(plain, 'e2', 'c1', undefined, built('e1', 'c1'), name)).toBeUndefined();
    expect(() => keyPrefixFor(plain, 'e2', 'c1', 'EU-', [], name)).toThrow(expect.objectContaining({ code: 'KEY_PREFIX_UNSUPPORTED' }));
  });
});
