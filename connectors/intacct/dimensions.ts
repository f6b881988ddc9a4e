// Dimension values on the records we write (spec §6.5): the standard dimensions every company has
// (department, location) and the company's own user-defined dimensions, named GLDIM<INTEGRATIONNAME>
// as on transaction lines. Which UDDs exist differs per company, so they are discovered with the
// gateway's `lookup` of the object; the mapping editor then offers them as destination fields.
import type { FieldInfo } from '../kit/types.ts';
import { child, el } from '../kit/formats/xml-tree.ts';
import type { IntacctClient } from './client.ts';

export const STANDARD_DIMENSION_FIELDS: FieldInfo[] = [
  { name: 'DEPARTMENTID', label: 'Department (dimension ID)', type: 'string' },
  { name: 'LOCATIONID', label: 'Location (dimension ID)', type: 'string' },
];

/** The object's writable user-defined dimension fields (`GLDIM…`), from `lookup`; none when it cannot tell. */
export async function userDefinedDimensionFields(client: IntacctClient, object: string, signal?: AbortSignal): Promise<FieldInfo[]> {
  const [result] = await client.execute([{ body: el('lookup', [el('object', object)]) }], signal ? { signal } : {});
  if (result?.status !== 'success') return [];
  const fields = child(child(result.data, 'Type'), 'Fields')?.children ?? [];
  return fields
    .filter((f) => f.name === 'Field' && /^GLDIM/.test(child(f, 'ID')?.text ?? '') && child(f, 'READONLY')?.text !== 'true')
    .map((f) => ({ name: child(f, 'ID')!.text, label: `${child(f, 'LABEL')?.text || child(f, 'ID')!.text} (user-defined dimension ID)`, type: 'string' as const }));
}
