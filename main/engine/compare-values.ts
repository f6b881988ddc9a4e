// Reconciliation compares what we would write with what the destination holds. CRMs hand values back
// as strings ("1200.50", "true", ISO dates), so compare by meaning, not by type.
function norm(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return String(v);
  const s = String(v).trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return String(Number(s));
  return s;
}

export function valuesDiffer(wanted: Record<string, unknown>, actual: Record<string, unknown>): boolean {
  for (const [k, v] of Object.entries(wanted)) {
    if (typeof v === 'object' && v !== null) continue;
    if (norm(v) !== norm(actual[k])) return true;
  }
  return false;
}
