// How the sandbox stores a record: every property of the model present (the real API returns them all,
// spec §7), dates as `YYYY-MM-DDT00:00:00Z` calendar dates or null.
import { MODELS, type Model } from './models.ts';
import type { Row } from '../../kit/sandbox/table.ts';

/** Per model, a factory returning a fresh record with every property at its empty value. */
const factories = new Map<Model, () => Row>();

function factoryOf(model: Model): () => Row {
  let make = factories.get(model);
  if (!make) {
    const fields = Object.entries(model.props).map(([name, type]) => {
      let value: string;
      if (type === 'string') value = "''";
      else if (type === 'decimal' || type === 'int') value = '0';
      else if (type === 'date') value = 'null';
      else if (type === 'bool') value = 'false';
      else if ('enum' in type) value = JSON.stringify(type.enum[0]);
      else value = '[]';
      return `${JSON.stringify(name)}: ${value}`;
    });
    // One object literal per model: every row shares a hidden class, which keeps 50,000 customers of
    // ~100 properties each fast to build and compact in memory (a copied template ends up in slow
    // dictionary mode). The source is generated from our own model table, never from input.
    make = new Function(`return { ${fields.join(', ')} };`) as () => Row;
    factories.set(model, make);
  }
  return make;
}

/** A record with every property at its empty value: '' for strings, 0 for numbers, null for dates, [] for details. */
export function blankRow(model: Model): Row {
  return factoryOf(model)();
}

export function blank(modelName: string, values: Row): Row {
  return Object.assign(blankRow(MODELS[modelName]!), values);
}

/** `2024-05-01` → `2024-05-01T00:00:00Z`. */
export function sageDate(day: string): string {
  return `${day}T00:00:00Z`;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Accepts `2020-01-15`, `2020-01-15T00:00:00Z`, `2020-01-15T00:00:00` (spec §7 date input); null for empty. */
export function parseDateInput(v: unknown): string | null | undefined {
  if (v === null || v === '') return null;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/.exec(v);
  if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) return undefined;
  return sageDate(m[1]!);
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
