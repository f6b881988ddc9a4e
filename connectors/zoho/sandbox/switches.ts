// Behaviours the spec marks unverified (or that vary per org) become switches: `--switch name=value`,
// `PUT /__sandbox/switches`, or SandboxOptions.switches. Clients are tested against both answers.
import { z } from 'zod';

const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).transform((v) => v === true || v === 'true' || v === '1');
const num = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const SwitchesSchema = z.object({
  /** Access-token lifetime in seconds (Zoho: 3600). */
  tokenLifetimeSeconds: num(1, 86_400).default(3600),
  /** Token responses also carry `expires_in_sec` (older answers did; §2.2). */
  expiresInSec: bool.default(false),
  /** Tokens one refresh token may obtain per 10 minutes before "Access Denied" (§2.3). */
  refreshesPer10Min: num(1, 1000).default(10),
  /** Live access tokens per refresh token; the next one invalidates the oldest (§2.3). */
  liveTokensPerRefresh: num(1, 1000).default(15),
  /** 401 code for an expired access token: INVALID_TOKEN (default) or AUTHENTICATION_FAILURE (seen, §2.5). */
  expiredTokenCode: z.enum(['INVALID_TOKEN', 'AUTHENTICATION_FAILURE']).default('INVALID_TOKEN'),
  /** 401 answers carry `X-ACCESSTOKEN-RESET` with the token's expiry (seen in logs, meaning unverified). */
  accessTokenResetHeader: bool.default(false),
  /** Lowest edition with the inventory modules (Vendors, Sales_Orders, Invoices…): unverified (§4.7). */
  inventoryFrom: z.enum(['standard', 'professional']).default('professional'),
  /** How a module the edition lacks is refused (§4.7): INVALID_MODULE (issue default) or the alternatives. */
  missingModuleCode: z.enum(['INVALID_MODULE', 'FEATURE_NOT_SUPPORTED', 'NO_PERMISSION']).default('INVALID_MODULE'),
  /** User licences (credits = 50,000 + per-licence × licences, §6.1). */
  licences: num(1, 100_000).default(10),
  /** Fixed daily credits instead of the edition formula (0: use the formula). */
  credits: num(0, 10_000_000).default(0),
  /** Concurrency cap instead of the edition's (0: the edition's, §6.2). */
  concurrency: num(0, 1000).default(0),
  /** Sub-concurrency cap for heavy calls (sorted lists, search, writes of > 10 records; §6.2, partly unverified). */
  subConcurrency: num(0, 1000).default(10),
  /** 429s and answers carry X-RATELIMIT-LIMIT/REMAINING/RESET (third-party claim, unverified §6.3). */
  rateLimitHeaders: bool.default(false),
  /** 429 for exhausted credits carries Retry-After (seconds until the oldest credit returns; unverified). */
  retryAfterOn429: bool.default(false),
  /** Records past this position need `page_token` (§4.2; the 2,000 figure is partly unverified). */
  pageLimit: num(1, 1_000_000).default(2000),
  /** `per_page` above 200: clamp (default) or reject with INVALID_DATA. */
  perPageOver200: z.enum(['clamp', 'reject']).default('clamp'),
  /** `If-Modified-Since` keeps records modified at exactly that second (unverified; default strictly after). */
  ifModifiedSinceInclusive: bool.default(false),
  /** Status when every record of an insert/update fails: 400 (unverified) or 207. */
  allFailedStatus: z.union([z.literal(400), z.literal(207)]).or(z.coerce.number().pipe(z.union([z.literal(400), z.literal(207)]))).default(400),
  /** Status of an upsert whose records all succeed: 200 (OAS) or 201 (seen). */
  upsertSuccessStatus: z.union([z.literal(200), z.literal(201)]).or(z.coerce.number().pipe(z.union([z.literal(200), z.literal(201)]))).default(200),
  /** DUPLICATE_DATA details include `duplicate_record` (newer versions; partly unverified). */
  duplicateRecordDetail: bool.default(true),
  /** Picklist values outside `pick_list_values` are refused with INVALID_DATA (restricted picklists). */
  strictPicklists: bool.default(true),
  /** Status of a successful watch enable: 200 (seen) or 201/202 (OAS). */
  watchEnableStatus: z.coerce.number().pipe(z.union([z.literal(200), z.literal(201), z.literal(202)])).default(200),
  /** Max channel lifetime in hours (v4+: one week); a longer expiry falls back to one hour (§7.1). */
  channelMaxHours: num(1, 10_000).default(168),
  /** Probability (0..1) that a notification callback is dropped, to test the polling fallback (§12.8). */
  dropCallbacks: z.coerce.number().min(0).max(1).default(0),
  /** Org time-zone offset in minutes used in every datetime the API returns (e.g. 330 for +05:30). */
  orgOffsetMinutes: num(-720, 840).default(0),
  /** Extra delay (ms, unscaled) before each API answer, so concurrency caps can be reached in tests. */
  latencyMs: num(0, 60_000).default(0),
  /** Accept `Authorization: Bearer …` as well as `Zoho-oauthtoken …` (Zoho documents only the latter). */
  acceptBearer: bool.default(false),
});

export type Switches = z.output<typeof SwitchesSchema>;

export function parseSwitches(input: Record<string, unknown> = {}, base?: Switches): Switches {
  const known = Object.keys(SwitchesSchema.shape);
  for (const name of Object.keys(input)) {
    if (!known.includes(name)) throw new Error(`Unknown Zoho sandbox switch "${name}". Known: ${known.join(', ')}.`);
  }
  const parsed = SwitchesSchema.safeParse({ ...(base ?? {}), ...input });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Zoho sandbox switch "${String(issue?.path[0] ?? '?')}": ${issue?.message ?? 'invalid value'}.`);
  }
  return parsed.data;
}
