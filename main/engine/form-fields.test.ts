// Every field of every available system's connection form has a label and a help text written for the
// admin: none falls back to its setting name ("Base Url", "Daily Reserve Fraction").
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../connectors/index.ts';
import { formFieldsOf } from './form-fields.ts';

const humanized = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/^./, (c) => c.toUpperCase());

describe('connection forms', () => {
  const systems = catalogue().filter((s) => s.manifest);
  it.each(systems.map((s) => [s.id, s] as const))('%s: every field has its own label and a help text', (_id, s) => {
    const fields = formFieldsOf(s.manifest!);
    expect(fields.length).toBeGreaterThan(0);
    const unlabelled = fields.filter((f) => !f.help || (f.label === humanized(f.name) && f.label.includes(' '))).map((f) => `${f.name} (${f.label})`);
    expect(unlabelled).toEqual([]);
  });
});
