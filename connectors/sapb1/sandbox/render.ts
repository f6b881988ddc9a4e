// Rows as the Service Layer writes them (spec §1.2): dates `YYYY-MM-DDT00:00:00Z` (v2, and v1 on 10.0
// builds) or `YYYY-MM-DD` (older v1), the ETag annotation per version, `$select`ed properties only.
import { createHash } from 'node:crypto';
import type { EntitySet } from './entities.ts';
import type { ApiVersion } from './errors.ts';
import type { Switches } from './switches.ts';
import type { Row } from '../../kit/sandbox/table.ts';

const HIDDEN_WITHOUT_PAID = ['PaidToDate', 'PaidToDateFC', 'PaidToDateSys'];

export function etagOf(set: EntitySet, row: Row): string {
  const hash = createHash('sha1').update(`${set.name}|${String(row[set.key])}|${String(row.DataVersion ?? 0)}`).digest('hex').toUpperCase();
  return `W/"${hash}"`;
}

export function renderRow(set: EntitySet, row: Row, version: ApiVersion, switches: Switches, select?: readonly string[]): Row {
  const out: Row = {};
  if (set.etag) out[version === 'v1' ? 'odata.etag' : '@odata.etag'] = etagOf(set, row);
  const isoDates = version === 'v2' || switches.v1DateFormat === 'iso';
  const names = select ?? Object.keys(row);
  for (const name of names) {
    if (!(name in set.props)) continue;
    if (!switches.exposePaidToDate && HIDDEN_WITHOUT_PAID.includes(name)) continue;
    const v = row[name];
    out[name] = set.props[name] === 'date' && typeof v === 'string' && isoDates ? `${v.slice(0, 10)}T00:00:00Z` : v === undefined ? null : v;
  }
  return out;
}
