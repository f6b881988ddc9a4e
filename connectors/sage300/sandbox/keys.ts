// Entity-key segments (spec §3.1): `('1200')`, `(1200)`, `(66)`, `(CustomerNumber = 'BARMART')`,
// composite keys named in any order or positional in metadata order. A malformed or incompatible key is
// 400 InvalidEntityKey.
import { SageError } from './errors.ts';
import type { Model, ResourceDef } from './models.ts';
import type { Key } from '../../kit/sandbox/table.ts';

const invalidKey = (text: string) => new SageError(400, 'InvalidEntityKey', `The key '${text}' is not valid for the resource; check its segments and their types.`);

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k]!;
    if (c === "'") {
      if (quoted && text[k + 1] === "'") { cur += "''"; k++; continue; }
      quoted = !quoted;
    }
    if (c === ',' && !quoted) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  if (quoted) throw invalidKey(text);
  parts.push(cur);
  return parts.map((p) => p.trim());
}

function literal(raw: string, field: string, model: Model, text: string): string | number {
  const type = model.props[field];
  if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) {
    const v = raw.slice(1, -1).replace(/''/g, "'");
    if (type === 'int') {
      if (!/^\d+$/.test(v)) throw invalidKey(text);
      return Number(v);
    }
    return v;
  }
  if (type === 'int') {
    if (!/^\d+$/.test(raw)) throw invalidKey(text);
    return Number(raw);
  }
  // Unquoted string keys are allowed when the value has no spaces (spec §3.1).
  if (!raw || /[\s'()]/.test(raw)) throw invalidKey(text);
  return raw;
}

/** Parses the text inside the parentheses into the resource's key, in metadata order. */
export function parseKey(text: string, resource: ResourceDef, model: Model): Key {
  const parts = splitTopLevel(text);
  const named = parts.every((p) => /^[A-Za-z_]\w*\s*=/.test(p));
  if (named) {
    const values = new Map<string, string | number>();
    for (const p of parts) {
      const eq = p.indexOf('=');
      const name = p.slice(0, eq).trim();
      if (!resource.key.includes(name) || values.has(name)) throw invalidKey(text);
      values.set(name, literal(p.slice(eq + 1).trim(), name, model, text));
    }
    if (values.size !== resource.key.length) throw invalidKey(text);
    return resource.key.map((f) => values.get(f)!);
  }
  if (parts.length !== resource.key.length) throw invalidKey(text);
  return resource.key.map((f, k) => literal(parts[k]!, f, model, text));
}
