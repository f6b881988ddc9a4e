// zod schemas for every HubSpot response the client depends on (spec §4–§8). Unknown fields are
// ignored; a response missing what we rely on fails as SCHEMA_MISMATCH instead of corrupting data.
import { z } from 'zod';
import { checkedArray, checkedRecord } from '../kit/formats/checked-record.ts';

/** Every value a string or null, checked in one plain loop over the object HubSpot sent (not copied). */
function isPropertyValues(v: unknown): v is Record<string, string | null> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== null && typeof x !== 'string' && Object.prototype.hasOwnProperty.call(v, k)) return false;
  }
  return true;
}

// A record's property values. Not z.record(z.string(), z.string().nullable()): HubSpot answers every
// batch with each record's properties (215,000 records in bench b's initial load), and zod's per-key,
// per-value parse copies every object, a measurable share of the engine's CPU; one loop checks in place.
export const propertyValues = z.custom<Record<string, string | null>>(isPropertyValues, { message: 'expected an object whose values are strings or null' });

export interface SimpleObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  objectWriteTraceId?: string;
  new?: boolean;
  associations?: Record<string, { results: { id: string; type?: string }[] }>;
}

// Checked where it lies (checkedRecord), not copied field by field: every batch write answers with
// each record, 215,000 of them in bench b's initial load; a page of them is checked in one pass
// (checkedArray). A record without properties gets an empty object, in place (the object is the one
// JSON.parse just made for this response).
const simpleRecord = checkedRecord({
  id: z.string(),
  properties: propertyValues.optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
  objectWriteTraceId: z.string().optional(),
  new: z.boolean().optional(),
  associations: z.record(z.string(), z.object({ results: z.array(z.object({ id: z.string(), type: z.string().optional() })) })).optional(),
});

function withProperties(r: z.output<typeof simpleRecord>): SimpleObject {
  r.properties ??= {};
  return r as SimpleObject;
}

export const simpleObject = simpleRecord.transform(withProperties);
const simpleObjects = checkedArray(simpleRecord).transform((rs) => rs.map(withProperties));

const nextPaging = z.object({ next: z.object({ after: z.string(), link: z.string().optional() }).optional() }).optional();

export const listResponse = z.object({ results: simpleObjects, paging: nextPaging });

export const standardError = z.object({
  status: z.string().optional(),
  category: z.string().optional(),
  subCategory: z.unknown().optional(),
  message: z.string().default(''),
  id: z.string().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
  errors: z.array(z.object({ message: z.string().optional(), code: z.string().optional(), in: z.string().optional(), context: z.record(z.string(), z.unknown()).optional() })).optional(),
});
export type StandardError = z.infer<typeof standardError>;

export const batchResponse = z.object({
  status: z.string().optional(),
  results: simpleObjects.default([]),
  numErrors: z.number().optional(),
  errors: z.array(standardError).optional(),
});
export type BatchResponse = z.infer<typeof batchResponse>;

export const searchResponse = z.object({ total: z.number(), results: simpleObjects, paging: nextPaging });

/** Error bodies (spec §5, §10); every field optional because they differ per API. */
export const errorBody = z.object({
  status: z.string().optional(),
  message: z.string().optional(),
  category: z.string().optional(),
  correlationId: z.string().optional(),
  policyName: z.string().optional(),
  errorType: z.string().optional(),
  errors: z.array(z.object({ message: z.string().optional(), code: z.string().optional(), in: z.string().optional(), context: z.record(z.string(), z.unknown()).optional() })).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const property = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  fieldType: z.string(),
  groupName: z.string().optional(),
  description: z.string().optional(),
  options: z.array(z.object({ label: z.string(), value: z.string(), hidden: z.boolean().optional() })).optional(),
  hasUniqueValue: z.boolean().optional(),
  calculated: z.boolean().optional(),
  hidden: z.boolean().optional(),
  hubspotDefined: z.boolean().optional(),
  referencedObjectType: z.string().optional(),
  modificationMetadata: z.object({ readOnlyValue: z.boolean().optional(), readOnlyDefinition: z.boolean().optional(), archivable: z.boolean().optional() }).optional(),
});
export type Property = z.infer<typeof property>;
export const propertiesResponse = z.object({ results: z.array(property) });
export const propertyGroup = z.object({ name: z.string(), label: z.string() });
export const propertyGroupsResponse = z.object({ results: z.array(propertyGroup) });

export const associationBatchResponse = z.object({
  status: z.string().optional(),
  results: z.array(z.unknown()).default([]),
  numErrors: z.number().optional(),
  errors: z.array(standardError).optional(),
});

export const associationReadResponse = z.object({
  results: z.array(
    z.object({
      from: z.object({ id: z.string() }),
      to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]).transform(String), associationTypes: z.array(z.object({ category: z.string().optional(), typeId: z.number(), label: z.string().nullable().optional() })).default([]) })),
    }),
  ),
  errors: z.array(standardError).optional(),
});

export const associationLabelsResponse = z.object({ results: z.array(z.object({ category: z.string(), typeId: z.number(), label: z.string().nullable() })) });

export const accountDetails = z.object({ portalId: z.number(), timeZone: z.string().optional(), companyCurrency: z.string().optional(), dataHostingLocation: z.string().optional(), accountType: z.string().optional() });
