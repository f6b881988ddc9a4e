// Dimension values a record names must exist, as the gateway checks them before it writes: a standard
// dimension (DEPARTMENTID, LOCATIONID) against its object, a user-defined one (GLDIM<INTEGRATIONNAME>,
// spec §6.5) against that platform object's records. An unknown value fails the function with the
// gateway's "Invalid <Dimension> '<value>' specified." (BL01001973, the pattern of its other invalid-
// reference errors, e.g. an unknown vendor on a bill; the exact text for dimensions is unverified) and
// the companion "Could not create/update <Object> record!".
import { FunctionError } from './errors.ts';
import { OBJECTS, objectDef, type ObjectDef } from './objects.ts';
import type { Row, Store } from './store.ts';

const STANDARD: Record<string, string> = { DEPARTMENTID: 'DEPARTMENT', LOCATIONID: 'LOCATION' };

/** The dimension object a field refers to, or undefined for a field that is no dimension. */
function dimensionOf(field: string): ObjectDef | undefined {
  const standard = STANDARD[field];
  if (standard) return OBJECTS[standard];
  return field.startsWith('GLDIM') ? objectDef(field.slice('GLDIM'.length)) : undefined;
}

export function checkDimensions(store: Store, def: ObjectDef, row: Row, mode: 'create' | 'update'): void {
  for (const [field, value] of Object.entries(row)) {
    if (value === null || value === undefined || value === '') continue;
    const dimension = dimensionOf(field);
    if (!dimension || dimension.name === def.name) continue;
    if (store.byId(dimension, String(value))) continue;
    throw new FunctionError([
      { errorno: 'BL01001973', description: '', description2: `Invalid ${dimension.label} '${String(value)}' specified.`, correction: `Use the ID of an existing ${dimension.label.toLowerCase()}, or leave ${field} empty.` },
      { errorno: 'BL01001973', description: '', description2: `Could not ${mode} ${def.label} record!`, correction: '' },
    ]);
  }
}
