// Every template names only what its connectors have: entities they read, objects they write, flows
// they depend on and the custom CRM properties setup creates. Placeholders for connectors not built
// yet must say they are coming, and the wizard must show them so.
import { describe, expect, it } from 'vitest';
import { manifestFor } from '../../connectors/index.ts';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesDir } from '../paths.ts';
import { bundledTemplates, loadTemplates, templateView, type TemplateFile } from './templates.ts';

function problemsOf(t: TemplateFile): string[] {
  const erp = manifestFor(t.erp);
  const crm = manifestFor(t.crm);
  if (!erp || !crm) return [`${t.id}: ${!erp ? t.erp : t.crm} has no connector`];
  const out: string[] = [];
  const keys = new Set(t.flows.map((f) => f.key));
  const custom = new Set(t.crmProperties.map((p) => `${p.object}.${p.name}`));
  for (const f of t.flows) {
    const [source, dest] = f.from === 'erp' ? [erp, crm] : [crm, erp];
    if (!source.entities.sources.includes(f.sourceEntity)) out.push(`${t.id}/${f.key}: ${source.id} has no source entity "${f.sourceEntity}"`);
    if (!dest.entities.destinations.includes(f.destObject)) out.push(`${t.id}/${f.key}: ${dest.id} has no destination object "${f.destObject}"`);
    for (const d of f.dependsOn) if (!keys.has(d)) out.push(`${t.id}/${f.key}: depends on unknown flow "${d}"`);
    for (const a of f.mapping.associations) if (!keys.has(a.flow)) out.push(`${t.id}/${f.key}: associates through unknown flow "${a.flow}"`);
    if (f.mapping.match && !keys.has(f.mapping.match.flow)) out.push(`${t.id}/${f.key}: matches through unknown flow "${f.mapping.match.flow}"`);
    // Our own properties (ml_*) exist in the CRM only because setup creates them from crmProperties.
    if (dest.role === 'crm') {
      const written = [f.mapping.key.to, ...f.mapping.fields.map((r) => r.to)];
      for (const name of written) if (name.startsWith('ml_') && !custom.has(`${f.destObject}.${name}`)) out.push(`${t.id}/${f.key}: writes ${f.destObject}.${name}, which crmProperties does not create`);
    }
  }
  return out;
}

describe('integration templates', () => {
  const templates = loadTemplates();

  it.each(templates.filter((t) => !t.coming).map((t) => [t.id, t] as const))('%s names only what its connectors have', (_id, t) => {
    expect(problemsOf(t)).toEqual([]);
    expect(templateView(t)).toMatchObject({ available: true, version: t.version });
    expect(t.version).toBeGreaterThanOrEqual(1);
  });

  it('a template naming a system without a connector is a placeholder the wizard shows as coming', () => {
    for (const t of templates.filter((x) => !manifestFor(x.erp) || !manifestFor(x.crm))) {
      expect(t.coming, `${t.id} names a system without a connector but does not say "coming": true`).toBe(true);
      expect(templateView(t).available).toBe(false);
    }
  });

  it('the check catches an entity, an object and a custom property no connector has', () => {
    const good = templates.find((t) => t.id === 'sage300-hubspot')!;
    const flow = good.flows[0]!;
    const broken: TemplateFile = {
      ...good,
      flows: [{ ...flow, sourceEntity: 'arCustomerz', destObject: 'companiez', mapping: { ...flow.mapping, fields: [], key: { ...flow.mapping.key, to: 'ml_not_created' } } }],
    };
    expect(problemsOf(broken)).toEqual([
      'sage300-hubspot/customers: sage300 has no source entity "arCustomerz"',
      'sage300-hubspot/customers: hubspot has no destination object "companiez"',
      'sage300-hubspot/customers: writes companiez.ml_not_created, which crmProperties does not create',
    ]);
  });

  it('keeps each earlier version of a template in history/, so flows built from it can be upgraded three ways', () => {
    const dir = join(resourcesDir(), 'templates', 'history');
    const kept = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(kept.length).toBeGreaterThan(0);
    const source = bundledTemplates();
    for (const file of kept) {
      const [, id, version] = /^(.+)\.v(\d+)\.json$/.exec(file) ?? [];
      const newest = templates.find((t) => t.id === id);
      expect(newest, `${file} names no template`).toBeDefined();
      expect(Number(version)).toBeLessThan(newest!.version);
      expect(source.atVersion(id!, Number(version))?.version, `${file} says another version inside`).toBe(Number(version));
    }
    // Every version below the newest is there (upgrades compare against the version a flow records).
    for (const t of templates.filter((x) => !x.coming)) for (let v = 1; v < t.version; v++) expect(source.atVersion(t.id, v), `${t.id} v${v}`).toBeDefined();
  });
});
