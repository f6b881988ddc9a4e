// Downloads the filtered events as CSV (audit:exportCsv) through a temporary blob link.
import type { AuditFilter } from '../../../../preload/contract/index.ts';
import { callOrThrow } from '../../api.ts';

export async function downloadAuditCsv(filter: AuditFilter): Promise<number> {
  const { csv, rows } = await callOrThrow('audit:exportCsv', { ...filter, limit: 1_000_000 });
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `ml-connector-audit-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return rows;
}
