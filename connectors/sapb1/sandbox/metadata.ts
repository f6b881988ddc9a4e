// A minimal `$metadata` (EDMX) listing the served entity sets, their scalar properties and the navigation
// properties `$expand` follows, enough for clients that read the entity container; the real document covers
// hundreds of sets.
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

const typeOf = (setName: string) => ENTITY_SETS.find((s) => s.name === setName)!.type;

/**
 * Navigation properties: v4 names the target type; v3 goes through an Association (and its
 * AssociationSet in the container), named `<Type>_<Property>`.
 */
function navigation(version: ApiVersion) {
  const links = ENTITY_SETS.flatMap((s) => Object.entries(s.navigation ?? {}).map(([name, nav]) => ({ from: s, name, to: typeOf(nav.set), toSet: nav.set })));
  const association = (l: (typeof links)[number]) => `${l.from.type}_${l.name}`;
  const property = (l: (typeof links)[number]) => (version === 'v2'
    ? `<NavigationProperty Name="${l.name}" Type="SAPB1.${l.to}"/>`
    : `<NavigationProperty Name="${l.name}" Relationship="SAPB1.${association(l)}" FromRole="${l.from.type}" ToRole="${l.name}"/>`);
  const associations = version === 'v2' ? '' : links.map((l) => `<Association Name="${association(l)}"><End Type="SAPB1.${l.from.type}" Role="${l.from.type}" Multiplicity="*"/><End Type="SAPB1.${l.to}" Role="${l.name}" Multiplicity="0..1"/></Association>`).join('');
  const associationSets = version === 'v2' ? '' : links.map((l) => `<AssociationSet Name="${association(l)}" Association="SAPB1.${association(l)}"><End EntitySet="${l.from.name}" Role="${l.from.type}"/><End EntitySet="${l.toSet}" Role="${l.name}"/></AssociationSet>`).join('');
  const bindings = (setName: string) => (version === 'v2' ? links.filter((l) => l.from.name === setName).map((l) => `<NavigationPropertyBinding Path="${l.name}" Target="${l.toSet}"/>`).join('') : '');
  return { of: (setName: string) => links.filter((l) => l.from.name === setName).map(property).join(''), associations, associationSets, bindings };
}

export function metadataXml(version: ApiVersion): string {
  const nav = navigation(version);
  const types = ENTITY_SETS.map((s) => {
    const props = Object.entries(s.props).filter(([, k]) => k !== 'collection')
      .map(([n, k]) => `<Property Name="${n}" Type="${version === 'v2' && k === 'date' ? 'Edm.DateTimeOffset' : version === 'v2' && k === 'time' ? 'Edm.TimeOfDay' : edm(k)}"/>`).join('');
    return `<EntityType Name="${s.type}"><Key><PropertyRef Name="${s.key}"/></Key>${props}${nav.of(s.name)}</EntityType>`;
  });
  const unique = [...new Set(types)].join('');
  const sets = ENTITY_SETS.map((s) => {
    const bindings = nav.bindings(s.name);
    return bindings ? `<EntitySet Name="${s.name}" EntityType="SAPB1.${s.type}">${bindings}</EntitySet>` : `<EntitySet Name="${s.name}" EntityType="SAPB1.${s.type}"/>`;
  }).join('');
  const d = DIALECT[version];
  return `<?xml version="1.0" encoding="utf-8"?>${d.open}${unique}${nav.associations}${d.container}${sets}${nav.associationSets}</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`;
}
