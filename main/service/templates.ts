// Integration templates (resources/templates/*.json): each lists the flows it sets up with their
// default mappings and schedules, so an admin can accept them as they are.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { mappingSchema, scheduleSchema, systemIdSchema, type IntegrationTemplate } from '../../preload/contract/index.ts';
import { resourcesDir } from '../paths.ts';
import { manifestFor } from '../../connectors/index.ts';

export const templateFlowSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string(),
  description: z.string(),
  /** Which side is read: the ERP (erp-to-crm) or the CRM (two-way write-back). */
  from: z.enum(['erp', 'crm']),
  sourceEntity: z.string(),
  destObject: z.string(),
  schedule: scheduleSchema,
  optional: z.boolean().default(false),
  /**
   * The flow's key carries the ERP's own ids into the CRM (or reads them back): a connection's key prefix
   * goes in front of it, so two companies of the same system never merge in one CRM (key-prefix.ts).
   */
  connectionKeyPrefix: z.boolean().default(false),
  dependsOn: z.array(z.string()).default([]),
  mapping: mappingSchema,
});
export type TemplateFlow = z.infer<typeof templateFlowSchema>;

export const templateFileSchema = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string(),
  erp: systemIdSchema,
  crm: systemIdSchema,
  direction: z.enum(['erp-to-crm', 'two-way']),
  /** Raise it whenever the flows or mappings change; each flow built from the template records it. */
  version: z.number().int().positive().default(1),
  /**
   * A placeholder for an integration whose connector is not built yet: the wizard lists it as coming.
   * Only placeholders may name entities no connector has (templates.test.ts checks the rest).
   */
  coming: z.boolean().default(false),
  flows: z.array(templateFlowSchema),
  /** Custom CRM properties the flows write (created by setup). */
  crmProperties: z
    .array(z.object({ object: z.string(), name: z.string(), label: z.string(), type: z.string(), fieldType: z.string().optional(), unique: z.boolean().default(false), options: z.array(z.object({ value: z.string(), label: z.string() })).optional() }))
    .default([]),
});
export type TemplateFile = z.infer<typeof templateFileSchema>;

/**
 * Where templates come from: the newest version of each, and the older versions flows were built from
 * (an upgrade compares three ways: the version a flow was built from, the newest, and the flow now).
 * Tests inject a directory with a bumped copy.
 */
export interface TemplateSource {
  latest(): TemplateFile[];
  /** One template as it was at `version`: the newest when it is that version, else `history/<id>.v<N>.json`. */
  atVersion(id: string, version: number): TemplateFile | undefined;
}

function parseTemplate(file: string): TemplateFile {
  const parsed = templateFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`Template ${basename(file)}: "${i.path.join('.')}" ${i.message}`);
  }
  return parsed.data;
}

/**
 * Templates in `dir` (`<id>.json`, the newest of each) and `dir/history` (`<id>.v<N>.json`: when a
 * template's version is raised, the previous file is kept there so flows built from it can be upgraded).
 */
export function templateDirSource(dir: string): TemplateSource {
  let latest: TemplateFile[] | null = null;
  const older = new Map<string, TemplateFile | undefined>();
  const source: TemplateSource = {
    latest: () => (latest ??= readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => parseTemplate(join(dir, f)))),
    atVersion: (id, version) => {
      const newest = source.latest().find((t) => t.id === id);
      if (newest?.version === version) return newest;
      const key = `${id}.v${version}`;
      if (!older.has(key)) {
        const file = join(dir, 'history', `${key}.json`);
        older.set(key, existsSync(file) ? parseTemplate(file) : undefined);
      }
      const found = older.get(key);
      return found?.id === id && found.version === version ? found : undefined;
    },
  };
  return source;
}

let bundled: TemplateSource | null = null;

/** The templates this build ships (resources/templates). */
export function bundledTemplates(): TemplateSource {
  return (bundled ??= templateDirSource(join(resourcesDir(), 'templates')));
}

export function loadTemplates(): TemplateFile[] {
  return bundledTemplates().latest();
}

export function templateView(t: TemplateFile): IntegrationTemplate {
  return {
    id: t.id,
    label: t.label,
    description: t.description,
    erp: t.erp,
    crm: t.crm,
    direction: t.direction,
    version: t.version,
    available: !t.coming && Boolean(manifestFor(t.erp) && manifestFor(t.crm)),
    keyPrefix: t.flows.some((f) => f.connectionKeyPrefix),
    flows: t.flows.map((f) => ({ key: f.key, name: f.name, description: f.description, schedule: f.schedule, optional: f.optional })),
  };
}
