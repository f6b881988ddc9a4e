// Turns a connector's zod config schema into the connection form the wizard renders, so the renderer
// needs no connector code. Labels come from `.meta({ title, description })` / `.describe()` when the
// connector gives them, else from the property name.
import { z } from 'zod';
import type { FormField } from '../../preload/contract/index.ts';
import type { ConnectorManifest } from '../../connectors/kit/types.ts';

interface JsonProp {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  format?: string;
  default?: unknown;
  anyOf?: JsonProp[];
}

const humanize = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .replace(/^./, (c) => c.toUpperCase());

/** Settings that are not typed into the form (set by Test connection or the trust dialog). */
const HIDDEN = new Set(['tls']);

export function formFieldsOf(manifest: ConnectorManifest<unknown>): FormField[] {
  let schema: { properties?: Record<string, JsonProp>; required?: string[] } = {};
  try {
    schema = z.toJSONSchema(manifest.configSchema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as typeof schema;
  } catch {
    schema = {};
  }
  const required = new Set(schema.required ?? []);
  const fields: FormField[] = [];
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    if (HIDDEN.has(name)) continue;
    const prop = raw.anyOf?.find((p) => p.type !== 'null') ?? raw;
    const type = Array.isArray(prop.type) ? prop.type.find((t) => t !== 'null') : prop.type;
    const kind: FormField['kind'] = prop.enum ? 'select' : type === 'boolean' ? 'boolean' : type === 'number' || type === 'integer' ? 'number' : prop.format === 'uri' || /url$/i.test(name) ? 'url' : 'text';
    if (type === 'object' || type === 'array') continue;
    const def = raw.default ?? prop.default;
    fields.push({
      name,
      label: prop.title ?? raw.title ?? humanize(name),
      kind,
      required: required.has(name) && def === undefined,
      ...((prop.description ?? raw.description) && { help: prop.description ?? raw.description }),
      ...(prop.enum && { options: prop.enum.map((v) => ({ value: String(v), label: humanize(String(v)) })) }),
      ...((typeof def === 'string' || typeof def === 'number' || typeof def === 'boolean') && { default: def }),
    });
  }
  for (const s of manifest.secrets) {
    fields.push({ name: s.name, label: s.label, kind: 'secret', required: !s.optional, ...(s.help && { help: s.help }) });
  }
  return fields;
}
