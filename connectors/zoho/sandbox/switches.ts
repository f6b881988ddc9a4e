// Behaviours the spec marks unverified (or that vary per org) become switches: `--switch name=value`,
// `PUT /__sandbox/switches`, or SandboxOptions.switches. Clients are tested against both answers.
import { z } from 'zod';
import { defineSwitches, switchBool } from '../../kit/sandbox/switches.ts';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const oneOf = <T extends number>(...values: [T, T, ...T[]]) => z.coerce.number().refine((n): n is T => (values as number[]).includes(n), { message: `one of ${values.join(', ')}` });

export const zohoSwitches = defineSwitches('zoho', {
  tokenLifetimeSeconds: int(1, 604_800).default(3600).describe('Access-token lifetime in seconds (Zoho: 3600, §2.3).'),
  expiresInSec: switchBool.default(false).describe('Token answers also carry expires_in_sec (older answers did, §2.2).'),
  refreshesPer10Min: int(1, 10_000).default(10).describe('Tokens one refresh token may get per 10 minutes before "Access Denied" (§2.3).'),
  liveTokensPerRefresh: int(1, 10_000).default(15).describe('Live access tokens per refresh token; the next one invalidates the oldest (§2.3).'),
  expiredTokenCode: z.enum(['INVALID_TOKEN', 'AUTHENTICATION_FAILURE']).default('INVALID_TOKEN').describe('401 code for an expired access token (both seen, §2.5).'),
  accessTokenResetHeader: switchBool.default(false).describe('401s carry X-ACCESSTOKEN-RESET with the expiry (seen in logs; meaning unverified, §2.5).'),
  inventoryFrom: z.enum(['standard', 'professional']).default('professional').describe('Lowest edition with Vendors, Sales_Orders, Invoices… (unverified, §4.7).'),
  missingModuleCode: z.enum(['INVALID_MODULE', 'FEATURE_NOT_SUPPORTED', 'NO_PERMISSION']).default('INVALID_MODULE').describe('How a module the edition lacks is refused (§4.7).'),
  licences: int(1, 100_000).default(10).describe('User licences: daily credits = 50,000 + per-licence credits × licences (§6.1).'),
  credits: int(0, 100_000_000).default(0).describe('Fixed credits per rolling 24 h instead of the edition formula (0: formula).'),
  concurrency: int(0, 10_000).default(0).describe('Concurrent-call cap instead of the edition\'s (0: Free 5, Standard 10, Professional 15, Enterprise 20, Ultimate 25).'),
  subConcurrency: int(0, 10_000).default(10).describe('Cap for heavy calls: sorted lists, search, writes of more than 10 records (partly unverified, §6.2; 0: none).'),
  rateLimitHeaders: switchBool.default(false).describe('Answers carry X-RATELIMIT-LIMIT/REMAINING/RESET (third-party claim, unverified, §6.3).'),
  retryAfterOn429: switchBool.default(false).describe('Credit 429s carry Retry-After: seconds until the oldest credit returns (unverified).'),
  pageLimit: int(1, 10_000_000).default(2000).describe('Records reachable with page; past it only page_token works (§4.2, partly unverified).'),
  perPageOver200: z.enum(['clamp', 'reject']).default('clamp').describe('per_page above 200: clamp to 200 or refuse with INVALID_DATA.'),
  ifModifiedSinceInclusive: switchBool.default(false).describe('If-Modified-Since keeps records modified in that very second (unverified; default strictly after).'),
  allFailedStatus: oneOf(400, 207).default(400).describe('Status of a write whose records all fail: 400 (unverified) or 207.'),
  upsertSuccessStatus: oneOf(200, 201).default(200).describe('Status of an upsert whose records all succeed: 200 (OAS) or 201 (seen).'),
  duplicateRecordDetail: switchBool.default(true).describe('DUPLICATE_DATA details carry duplicate_record (newer versions, partly unverified).'),
  strictPicklists: switchBool.default(true).describe('Picklist values outside pick_list_values are refused with INVALID_DATA.'),
  watchEnableStatus: oneOf(200, 201, 202).default(200).describe('Status of a successful watch enable: 200 (seen) or 201/202 (OAS).'),
  channelMaxHours: int(1, 100_000).default(168).describe('Longest channel lifetime (v4+: one week); longer expiries fall back to one hour (§7.1).'),
  dropCallbacks: z.coerce.number().min(0).max(1).default(0).describe('Probability that a notification callback is dropped (tests the polling fallback, §12.8).'),
  searchPastPageLimit: z.enum(['refuse', 'pageToken']).default('refuse').describe('Search past pageLimit records: none reachable (§4.6: "around 2 000", unverified) or on with page_token as lists do.'),
  coqlMaxLimit: int(1, 100_000).default(2000).describe('COQL: largest LIMIT per call (v4+ docs: 2,000; v2/v3: 200).'),
  coqlMaxRecords: int(1, 10_000_000).default(100_000).describe('COQL: records reachable with LIMIT and OFFSET (v7/v8 docs: 100,000; before: 10,000).'),
  coqlWhereRequired: switchBool.default(true).describe('COQL: a query without WHERE is a SYNTAX_ERROR (the v7 docs list it; whether v8 still does is unverified).'),
  orgOffsetMinutes: int(-720, 840).default(0).describe('Org time-zone offset in minutes in every datetime answered (330 = +05:30).'),
  latencyMs: int(0, 60_000).default(0).describe('Extra delay before each API answer (ms, scaled), so concurrency caps can be reached.'),
  acceptBearer: switchBool.default(false).describe('Accept "Authorization: Bearer" as well as "Zoho-oauthtoken" (Zoho documents only the latter).'),
});

export type Switches = z.infer<typeof zohoSwitches.schema>;
