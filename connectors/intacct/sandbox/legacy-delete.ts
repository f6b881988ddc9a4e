// The legacy 2.1 delete functions, which the official SDK's delete classes send (VendorDelete,
// CustomerDelete, ContactDelete, BillDelete) instead of the generic `<delete>` (spec §11 item 6: delete
// for VENDOR, CUSTOMER, CONTACT and APBILL). Each names its record in an attribute — by its ID for the
// first three, by RECORDNO (`key`) for a bill (developer.intacct.com, e.g. `<delete_contact
// contactname="hello"/>`) — and removes what the generic delete removes, with the same permission check. The answer carries no data, as
// the generic delete's does (the legacy delete answer is not documented; the SDK reads only the status).
import type { XmlNode } from '../../kit/formats/xml-tree.ts';
import { resolveObject, type FunctionContext } from './context.ts';
import { functionFailed } from './errors.ts';
import { OBJECTS } from './objects.ts';

/** Function → the object it deletes and the attribute naming the record (its ID field, or RECORDNO). */
const LEGACY_DELETES: Record<string, { object: string; attribute: string; byRecordNo: boolean }> = {
  delete_vendor: { object: 'VENDOR', attribute: 'vendorid', byRecordNo: false },
  delete_customer: { object: 'CUSTOMER', attribute: 'customerid', byRecordNo: false },
  delete_contact: { object: 'CONTACT', attribute: 'contactname', byRecordNo: false },
  delete_bill: { object: 'APBILL', attribute: 'key', byRecordNo: true },
};

export const LEGACY_DELETE_FUNCTIONS = Object.keys(LEGACY_DELETES);

export function legacyDelete(ctx: FunctionContext, fn: XmlNode): undefined {
  const spec = LEGACY_DELETES[fn.name]!;
  const def = resolveObject(ctx, spec.object, 'delete');
  const id = (fn.attrs[spec.attribute] ?? '').trim();
  if (!id) throw functionFailed('XL03000003', `Attribute '${spec.attribute}' is required in <${fn.name}>.`, `Name the ${def.label.toLowerCase()} to delete in ${spec.attribute}="…".`);
  const row = spec.byRecordNo ? ctx.store.get(def.name, Number(id)) : ctx.store.byId(def, id);
  if (!row) throw functionFailed('BL01001973', `Cannot find ${def.label.toLowerCase()} with key '${id}' to delete.`);
  if (def.name === 'APBILL') for (const line of ctx.store.billLines(String(row.RECORDNO))) ctx.store.remove(OBJECTS.APBILLITEM!, line);
  ctx.store.remove(def, row);
  return undefined;
}
