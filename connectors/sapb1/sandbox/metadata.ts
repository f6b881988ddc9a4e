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

/** The CSDL wrapper of each dialect (spec §1.2): /b1s/v1 is an OData v3 service, /b1s/v2 an OData v4 one. */
const DIALECT = {
  v1: {
    open: '<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx">'
      + '<edmx:DataServices m:DataServiceVersion="3.0" m:MaxDataServiceVersion="3.0" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">'
      + '<Schema Namespace="SAPB1" xmlns="http://schemas.microsoft.com/ado/2009/11/edm">',
    container: '<EntityContainer Name="ServiceLayer" m:IsDefaultEntityContainer="true">',
  },
  v2: {
    open: '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>'
      + '<Schema Namespace="SAPB1" xmlns="http://docs.oasis-open.org/odata/ns/edm">',
    container: '<EntityContainer Name="ServiceLayer">',
  },
} as const;

export function metadataXml(version: ApiVersion): string {
  const types = ENTITY_SETS.map((s) => {
    const props = Object.entries(s.props).filter(([, k]) => k !== 'collection')
      .map(([n, k]) => `<Property Name="${n}" Type="${version === 'v2' && k === 'date' ? 'Edm.DateTimeOffset' : version === 'v2' && k === 'time' ? 'Edm.TimeOfDay' : edm(k)}"/>`).join('');
    return `<EntityType Name="${s.type}"><Key><PropertyRef Name="${s.key}"/></Key>${props}</EntityType>`;
  });
  const unique = [...new Set(types)].join('');
  const sets = ENTITY_SETS.map((s) => `<EntitySet Name="${s.name}" EntityType="SAPB1.${s.type}"/>`).join('');
  const d = DIALECT[version];
  return `<?xml version="1.0" encoding="utf-8"?>${d.open}${unique}${d.container}${sets}</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`;
}
