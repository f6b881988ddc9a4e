// Associations v4 (spec §8): default (unlabelled) associations need no type ids at all, so they are
// used wherever HubSpot's ids are only community-sourced (invoices, line items); the SDK-verified
// Primary types (contact→company 1, deal→company 5) set the primary company, which HubSpot keeps
// unique per record. Batches of ≤100, per-pair failures from 207 answers.
import { mapConcurrent, type HubSpotClient } from './client.ts';
import { chunk } from './objects.ts';
import { associationBatchResponse, associationLabelsResponse, associationReadResponse } from './schema.ts';

export const ASSOCIATION_BATCH_MAX = 100;

/** HUBSPOT_DEFINED type ids verified in the SDK's AssociationTypes enum [S]. */
export const ASSOCIATION_TYPE = {
  contactToCompany: 279,
  contactToCompanyPrimary: 1,
  companyToContact: 280,
  dealToContact: 3,
  dealToCompany: 341,
  dealToCompanyPrimary: 5,
  dealToLineItem: 19,
  lineItemToDeal: 20,
} as const;

export interface AssociationPair {
  from: string;
  to: string;
}

/** Ids (from side) whose association failed, with HubSpot's reason. */
export type AssociationFailures = Map<string, string>;

function failuresOf(errors: { message: string; context?: Record<string, string[]> }[] | undefined, pairs: AssociationPair[]): AssociationFailures {
  const failed: AssociationFailures = new Map();
  for (const e of errors ?? []) {
    const ids = new Set(e.context?.ids ?? []);
    const hit = pairs.filter((p) => ids.has(p.from) || ids.has(p.to));
    for (const p of hit.length ? hit : pairs) failed.set(p.from, e.message);
  }
  return failed;
}

// A batch answer echoes every pair written (100,000 line-item pairs in bench b's initial load); only its
// errors are read. Without the key `"errors"` in its text it has none: JSON may spell a key with
// \u escapes, so a text with any escape is parsed too. Null when not parsed.
const mayHoldErrors = (text: string): boolean => text.includes('"errors"') || text.includes('\\u');
const associationBatchAnswer = associationBatchResponse.nullable();

/** Default (unlabelled) associations between existing records. */
export async function associateDefault(client: HubSpotClient, fromType: string, toType: string, pairs: AssociationPair[], signal?: AbortSignal): Promise<AssociationFailures> {
  const failed: AssociationFailures = new Map();
  await mapConcurrent(chunk(pairs, ASSOCIATION_BATCH_MAX), client.concurrency, async (part) => {
    const res = await client.request({
      method: 'POST',
      path: `/crm/v4/associations/${fromType}/${toType}/batch/associate/default`,
      json: { inputs: part.map((p) => ({ from: { id: p.from }, to: { id: p.to } })) },
      schema: associationBatchAnswer,
      parseIf: mayHoldErrors,
      ...(signal && { signal }),
    });
    for (const [k, v] of failuresOf(res.body?.errors, part)) failed.set(k, v);
  });
  return failed;
}

/** Removes every association between each `from` and its `to` ids (v4 batch archive, 204). */
export async function disassociate(client: HubSpotClient, fromType: string, toType: string, pairs: { from: string; to: string[] }[], signal?: AbortSignal): Promise<void> {
  await mapConcurrent(chunk(pairs, ASSOCIATION_BATCH_MAX), client.concurrency, async (part) => {
    await client.request({
      method: 'POST',
      path: `/crm/v4/associations/${fromType}/${toType}/batch/archive`,
      json: { inputs: part.map((p) => ({ from: { id: p.from }, to: p.to.map((id) => ({ id })) })) },
      responseType: 'none',
      ...(signal && { signal }),
    });
  });
}

/** Labelled associations with explicit HUBSPOT_DEFINED type ids (e.g. Primary company). */
export async function associateTyped(client: HubSpotClient, fromType: string, toType: string, pairs: (AssociationPair & { typeId: number })[], signal?: AbortSignal): Promise<AssociationFailures> {
  const failed: AssociationFailures = new Map();
  await mapConcurrent(chunk(pairs, ASSOCIATION_BATCH_MAX), client.concurrency, async (part) => {
    const res = await client.request({
      method: 'POST',
      path: `/crm/v4/associations/${fromType}/${toType}/batch/create`,
      json: { inputs: part.map((p) => ({ from: { id: p.from }, to: { id: p.to }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: p.typeId }] })) },
      schema: associationBatchAnswer,
      parseIf: mayHoldErrors,
      ...(signal && { signal }),
    });
    for (const [k, v] of failuresOf(res.body?.errors, part)) failed.set(k, v);
  });
  return failed;
}

/** Makes `to` the primary company of each contact or deal (HubSpot moves the label off the old one). */
export function setPrimaryCompany(client: HubSpotClient, fromType: 'contacts' | 'deals', pairs: AssociationPair[], signal?: AbortSignal): Promise<AssociationFailures> {
  const typeId = fromType === 'contacts' ? ASSOCIATION_TYPE.contactToCompanyPrimary : ASSOCIATION_TYPE.dealToCompanyPrimary;
  return associateTyped(client, fromType, 'companies', pairs.map((p) => ({ ...p, typeId })), signal);
}

/** Associated ids (with their type ids) for each `from` id. */
export async function readAssociations(client: HubSpotClient, fromType: string, toType: string, ids: string[], signal?: AbortSignal): Promise<Map<string, { id: string; typeIds: number[]; labels: (string | null)[] }[]>> {
  const out = new Map<string, { id: string; typeIds: number[]; labels: (string | null)[] }[]>();
  await mapConcurrent(chunk(ids, ASSOCIATION_BATCH_MAX), client.concurrency, async (part) => {
    const res = await client.request({ method: 'POST', path: `/crm/v4/associations/${fromType}/${toType}/batch/read`, json: { inputs: part.map((id) => ({ id })) }, schema: associationReadResponse, ...(signal && { signal }) });
    for (const r of res.body.results) {
      out.set(
        r.from.id,
        r.to.map((t) => ({ id: t.toObjectId, typeIds: t.associationTypes.map((a) => a.typeId), labels: t.associationTypes.map((a) => a.label ?? null) })),
      );
    }
  });
  return out;
}

/** The portal's association types between two objects (to confirm community-sourced ids). */
export async function associationLabels(client: HubSpotClient, fromType: string, toType: string, signal?: AbortSignal): Promise<{ typeId: number; label: string | null; category: string }[]> {
  const res = await client.request({ method: 'GET', path: `/crm/v4/associations/${fromType}/${toType}/labels`, schema: associationLabelsResponse, ...(signal && { signal }) });
  return res.body.results;
}
