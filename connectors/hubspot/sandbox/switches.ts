// Behaviours the spec marks as unverified become switches (`--switch name=value`, the admin API, or
// SandboxOptions.switches), so tests can pin the client against both possible answers.
import type { PortalState } from './state.ts';
import type { Tier } from './data.ts';

export interface Switches {
  /** batch/upsert and batch/update with some bad inputs: 207 per-input errors (true) or the whole batch refused (false). */
  upsertPartial: boolean;
  /** Where a 207 error names its input: `context` (context.objectWriteTraceId / context.ids), `id`, or `both`. */
  errorInputRef: 'context' | 'id' | 'both';
  /** List `limit` above 100: `reject` with 400 or `clamp` to 100. */
  listLimitOver100: 'reject' | 'clamp';
  /** Search caps: groups, filters per group, filters in total (docs 5/6/18 vs OpenAPI 6 groups). */
  searchMaxGroups: number;
  searchMaxFiltersPerGroup: number;
  searchMaxFilters: number;
  /** Milliseconds (unscaled) before a written record shows up in search. */
  searchIndexLagMs: number;
  /** Whether search responses carry X-HubSpot-RateLimit-* headers (reports say they do not). */
  searchRateHeaders: boolean;
  /** Invoices and commerce payments answer 403 on free/starter portals. */
  invoicesRequirePaidTier: boolean;
  /** Whether an invoice may be created directly in a status other than draft. */
  invoiceCreateNonDraft: boolean;
  /** What `open` needs: `contact+line` (the guide's list) or `line` only. */
  invoiceOpenRequires: 'contact+line' | 'line';
  /** Unknown properties on writes: 400 (true, the documented behaviour) or silently dropped. */
  strictProperties: boolean;
  /** 429 responses carry a Retry-After header (HubSpot does not promise one). */
  retryAfterOn429: boolean;
  /** Max inputs per object batch. */
  batchMax: number;
  /** Max inputs per v4 association batch (real caps are larger and unverified). */
  associationBatchMax: number;
  /** Unique-value properties allowed per object. */
  uniquePropertyCap: number;
  /** Duplicate ids inside one upsert batch: refuse the batch with 400 (true) or let the last one win. */
  rejectDuplicateUpsertIds: boolean;
  /** API limit increase pack: 250 per 10 s and +1M per day. */
  apiLimitIncrease: boolean;
}

export const DEFAULT_SWITCHES: Switches = {
  upsertPartial: true,
  errorInputRef: 'both',
  listLimitOver100: 'clamp',
  searchMaxGroups: 5,
  searchMaxFiltersPerGroup: 6,
  searchMaxFilters: 18,
  searchIndexLagMs: 0,
  searchRateHeaders: false,
  invoicesRequirePaidTier: true,
  invoiceCreateNonDraft: false,
  invoiceOpenRequires: 'contact+line',
  strictProperties: true,
  retryAfterOn429: false,
  batchMax: 100,
  associationBatchMax: 100,
  uniquePropertyCap: 10,
  rejectDuplicateUpsertIds: true,
  apiLimitIncrease: false,
};

/** Applies `name=value` pairs onto switches, coercing to each default's type; unknown names are an error. */
export function applySwitches(target: Switches, input: Record<string, string | number | boolean>): void {
  for (const [name, raw] of Object.entries(input)) {
    if (!(name in DEFAULT_SWITCHES)) throw new Error(`Unknown HubSpot sandbox switch "${name}". Known: ${Object.keys(DEFAULT_SWITCHES).join(', ')}.`);
    const def = DEFAULT_SWITCHES[name as keyof Switches];
    const value = typeof def === 'boolean' ? raw === true || raw === 'true' || raw === 1 || raw === '1' : typeof def === 'number' ? Number(raw) : String(raw);
    (target as unknown as Record<string, unknown>)[name] = value;
  }
}

export interface SandboxEnv {
  state: PortalState;
  switches: Switches;
  tier: Tier;
  portalId: number;
  timeScale: number;
}
