// A minimal `$metadata` (EDMX) listing the served entity sets and their scalar properties, enough for
// clients that read the entity container; the real document covers hundreds of sets.
import { ENTITY_SETS, type PropKind } from './entities.ts';
import type { ApiVersion } from './errors.ts';

function edm(kind: PropKind): string {
  if (kind === 'int') return 'Edm.Int32';
  if (kind === 'number') return 'Edm.Double';
  if (kind === 'date') return 'Edm.DateTime';
  if (kind === 'time') return 'Edm.Time';
  return 'Edm.String';
}

export function metadataXml(version: ApiVersion): string {
  const edmxVersion = version === 'v1' ? '1.0' : '4.0';
  const types = ENTITY_SETS.map((s) => {
    const props = Object.entries(s.props).filter(([, k]) => k !== 'collection')
      .map(([n, k]) => `<Property Name="${n}" Type="${version === 'v2' && k === 'date' ? 'Edm.DateTimeOffset' : version === 'v2' && k === 'time' ? 'Edm.TimeOfDay' : edm(k)}"/>`).join('');
    return `<EntityType Name="${s.type}"><Key><PropertyRef Name="${s.key}"/></Key>${props}</EntityType>`;
  });
  const unique = [...new Set(types)].join('');
  const sets = ENTITY_SETS.map((s) => `<EntitySet Name="${s.name}" EntityType="SAPB1.${s.type}"/>`).join('');
  return `<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="${edmxVersion}" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="SAPB1" xmlns="http://docs.oasis-open.org/odata/ns/edm">${unique}<EntityContainer Name="ServiceLayer">${sets}</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`;
}
