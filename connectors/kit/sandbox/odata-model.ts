// An OData entity model as a sandbox's $filter/$select/$orderby checks need it: the entity type's name,
// namespace and each property's EDM type. Sage 300 and SAP B1 describe their entities with it.

export type PropType =
  | 'string'
  | 'decimal'
  | 'int'
  | 'date'
  | 'bool'
  | { enum: readonly string[] }
  | { collection: string };

export interface Model {
  /** Unqualified type name, e.g. `Customer`. */
  name: string;
  /** e.g. `Sage.CA.SBS.ERP.Sage300.AR.WebApi.Models` or `SAPB1`. */
  namespace: string;
  props: Record<string, PropType>;
}

export function qualified(model: Model): string {
  return `${model.namespace}.${model.name}`;
}

export function edmType(t: PropType, model: Model): string {
  if (t === 'string') return 'Edm.String';
  if (t === 'decimal') return 'Edm.Decimal';
  if (t === 'int') return 'Edm.Int32';
  if (t === 'date') return 'Edm.DateTimeOffset';
  if (t === 'bool') return 'Edm.Boolean';
  if ('enum' in t) return `${model.namespace}.EnumType`;
  return `Collection(${model.namespace}.${t.collection})`;
}
