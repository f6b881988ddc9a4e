// A human name for a record in the audit log ("Mountain Air Ltd" beats "1200"). Looks for the usual
// name fields of the systems we read; falls back to nothing rather than guessing.
const NAME_FIELDS = ['CustomerName', 'NAMECUST', 'VendorName', 'name', 'Name', 'CompanyName', 'CardName', 'firstname', 'DocumentNumber', 'dealname', 'OrderNumber', 'Description'];

export function labelOf(record: Record<string, unknown>): string | null {
  for (const f of NAME_FIELDS) {
    const v = record[f] ?? (record.properties as Record<string, unknown> | undefined)?.[f];
    if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 200);
  }
  return null;
}
