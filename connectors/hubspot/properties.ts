// Properties API (spec §7): the field list for the mapping UI, and the setup step that creates the
// ml-connector property group and the unique external-ID properties upserts are keyed by.
import { ConfigError } from '../kit/errors.ts';
import type { FieldInfo } from '../kit/types.ts';
import type { HubSpotClient } from './client.ts';
import { property, propertiesResponse, propertyGroupsResponse, type Property } from './schema.ts';

export const ML_GROUP = { name: 'ml_connector', label: 'ml-connector' };

export async function listProperties(client: HubSpotClient, type: string, signal?: AbortSignal): Promise<Property[]> {
  const res = await client.request({ method: 'GET', path: `/crm/v3/properties/${encodeURIComponent(type)}`, schema: propertiesResponse, ...(signal && { signal }) });
  return res.body.results;
}

const TYPE_MAP: Record<string, FieldInfo['type']> = { string: 'string', number: 'number', date: 'date', datetime: 'datetime', enumeration: 'enumeration', bool: 'boolean', phone_number: 'string' };

/** Properties as mapping fields; read-only and calculated ones are marked so the UI does not offer them as targets. */
export function toFieldInfo(p: Property): FieldInfo {
  return {
    name: p.name,
    label: p.label,
    type: TYPE_MAP[p.type] ?? 'string',
    readOnly: p.modificationMetadata?.readOnlyValue === true || p.calculated === true,
    ...(p.hasUniqueValue && { unique: true }),
    ...(p.options?.length && { options: p.options.filter((o) => !o.hidden).map((o) => ({ value: o.value, label: o.label })) }),
    ...(p.description && { description: p.description }),
  };
}

export interface PropertySpec {
  name: string;
  label: string;
  type?: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
  fieldType?: string;
  description?: string;
  /** True for external-ID keys that upserts are keyed by. */
  unique?: boolean;
  options?: { label: string; value: string }[];
}

export interface EnsureResult {
  created: string[];
  existing: string[];
}

/**
 * Creates what is missing: the ml-connector property group and each property. An existing property
 * that must be unique but is not cannot be fixed (HubSpot never changes hasUniqueValue): ConfigError.
 */
export async function ensureProperties(client: HubSpotClient, type: string, specs: PropertySpec[], signal?: AbortSignal): Promise<EnsureResult> {
  const existing = new Map((await listProperties(client, type, signal)).map((p) => [p.name, p]));
  const result: EnsureResult = { created: [], existing: [] };
  const missing = specs.filter((s) => {
    const have = existing.get(s.name);
    if (!have) return true;
    if (s.unique && !have.hasUniqueValue) {
      throw new ConfigError(`The HubSpot ${type} property ${s.name} exists but is not unique, so records cannot be upserted by it.`, {
        code: 'PROPERTY_NOT_UNIQUE',
        system: 'hubspot',
        hint: `Choose another external-ID property name for ${type}, or archive ${s.name} in HubSpot and run setup again.`,
        data: { objectType: type, property: s.name },
      });
    }
    result.existing.push(s.name);
    return false;
  });
  if (!missing.length) return result;
  const groups = await client.request({ method: 'GET', path: `/crm/v3/properties/${encodeURIComponent(type)}/groups`, schema: propertyGroupsResponse, ...(signal && { signal }) });
  if (!groups.body.results.some((g) => g.name === ML_GROUP.name)) {
    await client.request({ method: 'POST', path: `/crm/v3/properties/${encodeURIComponent(type)}/groups`, json: { ...ML_GROUP, displayOrder: -1 }, accept: [409], ...(signal && { signal }) });
  }
  for (const s of missing) {
    const type_ = s.type ?? 'string';
    const res = await client.request({
      method: 'POST',
      path: `/crm/v3/properties/${encodeURIComponent(type)}`,
      json: {
        name: s.name,
        label: s.label,
        type: type_,
        fieldType: s.fieldType ?? (type_ === 'number' ? 'number' : type_ === 'enumeration' ? 'select' : type_ === 'bool' ? 'booleancheckbox' : type_ === 'date' || type_ === 'datetime' ? 'date' : 'text'),
        groupName: ML_GROUP.name,
        description: s.description ?? 'Managed by ml-connector',
        ...(s.unique && { hasUniqueValue: true }),
        ...(s.options && { options: s.options.map((o, i) => ({ ...o, displayOrder: i, hidden: false })) }),
      },
      // 409: created meanwhile by another flow; fine.
      accept: [409],
      ...(signal && { signal }),
    });
    if (res.status === 409) result.existing.push(s.name);
    else {
      property.parse(res.body);
      result.created.push(s.name);
    }
  }
  return result;
}
