// Behaviours the spec marks as unverified become switches (`--switch name=value`, the admin API, or
// SandboxOptions.switches), so tests can pin the client against both possible answers.
import { z } from 'zod';
import { defineSwitches, switchBool as bool, switchInt as int } from '../../kit/sandbox/switches.ts';
import type { PortalState } from './state.ts';
import type { Tier } from './data.ts';

export const hubspotSwitches = defineSwitches('hubspot', {
  upsertPartial: bool.default(true).describe('batch/upsert and batch/update with some bad inputs: 207 per-input errors (true) or the whole batch refused (false).'),
  errorInputRef: z.enum(['context', 'id', 'both']).default('both').describe('Where a 207 error names its input: context (context.objectWriteTraceId / context.ids), id, or both.'),
  listLimitOver100: z.enum(['reject', 'clamp']).default('clamp').describe('List `limit` above 100: reject with 400 or clamp to 100.'),
  searchMaxGroups: int.default(5).describe('Search caps: filter groups (docs 5 vs OpenAPI 6).'),
  searchMaxFiltersPerGroup: int.default(6).describe('Search caps: filters per group.'),
  searchMaxFilters: int.default(18).describe('Search caps: filters in total.'),
  searchIndexLagMs: int.default(0).describe('Milliseconds (unscaled) before a written record shows up in search.'),
  searchRateHeaders: bool.default(false).describe('Whether search responses carry X-HubSpot-RateLimit-* headers (reports say they do not).'),
  invoicesRequirePaidTier: bool.default(true).describe('Invoices and commerce payments answer 403 on free/starter portals.'),
  invoiceCreateNonDraft: bool.default(false).describe('Whether an invoice may be created directly in a status other than draft.'),
  invoiceOpenRequires: z.enum(['contact+line', 'line']).default('contact+line').describe("What `open` needs: contact+line (the guide's list) or line only."),
  strictProperties: bool.default(true).describe('Unknown properties on writes: 400 (true, the documented behaviour) or silently dropped.'),
  retryAfterOn429: bool.default(false).describe('429 responses carry a Retry-After header (HubSpot does not promise one).'),
  batchMax: int.default(100).describe('Max inputs per object batch.'),
  associationLabelCap: int.default(50).describe('Custom (USER_DEFINED) association labels allowed between two object types (the docs give 50; lower tiers may allow fewer).'),
  associationLabelCreateResults: z.enum(['both', 'forward']).default('both').describe("What creating a custom association label answers (the docs show only a `results` list): every type it made, from→to first (both), or only the from→to ones (forward)."),
  associationLabelDeleteInUse: z.enum(['refuse', 'unlabel']).default('refuse').describe('Deleting a custom association label that associations still carry: refuse with 400 (refuse) or take the label off them, keeping the associations (unlabel).'),
  associationBatchMax: int.default(100).describe('Max inputs per v4 association batch (real caps are larger and unverified).'),
  pipelineInUseError: z.enum(['validation', 'conflict']).default('validation').describe('Deleting a pipeline or stage deals still use, when the request asks to validate: 400 VALIDATION_ERROR (validation, the docs\' "validation error") or 409 CONFLICT.'),
  uniquePropertyCap: int.default(10).describe('Unique-value properties allowed per object.'),
  rejectDuplicateUpsertIds: bool.default(true).describe('Duplicate ids inside one upsert batch: refuse the batch with 400 (true) or let the last one win.'),
  portalTimeZone: z.string().min(1).default('US/Eastern').describe("The portal's time zone as HubSpot names it (account-info's timeZone); its daily API count resets at midnight there (a name unknown to Node: UTC)."),
  apiLimitIncrease: bool.default(false).describe('API limit increase pack: 250 per 10 s and +1M per day.'),
});

export type Switches = ReturnType<typeof hubspotSwitches.parse>;

export interface SandboxEnv {
  state: PortalState;
  readonly switches: Switches;
  tier: Tier;
  portalId: number;
  readonly timeScale: number;
}
