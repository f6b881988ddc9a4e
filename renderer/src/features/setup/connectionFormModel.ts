// Turns a system's field list (connections:systems) into a form: default values, a zod schema for
// inline validation, and the ConnectionInput the service expects. Form keys are `f0`, `f1`, … rather
// than the field names, so a name with a dot never becomes a nested path in react-hook-form.
import { z } from 'zod';
import type { Connection, ConnectionInput, FormField, SystemInfo } from '../../../../preload/contract/index.ts';

export type FormValues = Record<string, string | number | boolean>;

export const keyOf = (index: number) => `f${index}`;

export function defaultValues(system: SystemInfo, name = system.label): FormValues {
  const values: FormValues = { name };
  system.fields.forEach((f, i) => {
    values[keyOf(i)] = f.default ?? (f.kind === 'boolean' ? false : '');
  });
  return values;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The form of a saved connection: its settings as they are, its secrets empty ("leave empty to keep"). */
export function valuesOf(system: SystemInfo, connection: Connection): FormValues {
  const values = defaultValues(system, connection.name);
  system.fields.forEach((f, i) => {
    const v = connection.settings[f.name];
    if (f.kind !== 'secret' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) values[keyOf(i)] = v;
  });
  return values;
}

function fieldSchema(f: FormField, stored: boolean): z.ZodType {
  const required = `${f.label} is required`;
  switch (f.kind) {
    case 'boolean':
      return z.boolean();
    case 'number':
      return z.union([z.number(), z.literal('')]).refine((v) => !f.required || v !== '', required);
    case 'url':
      return z
        .string()
        .trim()
        .refine((v) => !f.required || v.length > 0, required)
        .refine((v) => v.length === 0 || isHttpUrl(v), 'Enter a full address starting with https:// (or http://)');
    case 'select':
      return z.string().refine((v) => !f.required || v.length > 0, `Choose ${f.label.toLowerCase()}`);
    case 'text':
    case 'secret':
      return z
        .string()
        .refine((v) => !f.required || stored || v.trim().length > 0, required)
        .refine((v) => v.length <= 2000, `${f.label} is too long`);
  }
}

/** `storedSecrets`: secrets the service keeps when left empty (editing a saved connection at the same address). */
export function formSchema(system: SystemInfo, storedSecrets: readonly string[] = []) {
  const shape: Record<string, z.ZodType> = { name: z.string().trim().min(1, 'Give the connection a name').max(100, 'At most 100 characters') };
  system.fields.forEach((f, i) => {
    shape[keyOf(i)] = fieldSchema(f, f.kind === 'secret' && storedSecrets.includes(f.name));
  });
  return z.object(shape);
}

/** The form's values as the service's ConnectionInput (empty optional fields left out). */
export function toConnectionInput(system: SystemInfo, values: FormValues, fingerprint256?: string): ConnectionInput {
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  system.fields.forEach((f, i) => {
    const v = values[keyOf(i)];
    if (v === '' || v === undefined) return;
    if (f.kind === 'secret') secrets[f.name] = String(v);
    else settings[f.name] = typeof v === 'string' ? v.trim() : v;
  });
  return {
    system: system.id,
    name: String(values['name'] ?? system.label).trim(),
    settings,
    ...(Object.keys(secrets).length ? { secrets } : {}),
    ...(fingerprint256 ? { tls: { fingerprint256 } } : {}),
  };
}
