// Behaviours the spec marks unverified, or that differ between Service Layer builds, are switches so an
// independent client can be run against every answer. Defaults follow the spec's best evidence.
import { z } from 'zod';

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const int = z.coerce.number().int().min(0);

export const switchesSchema = z.object({
  /** Idle timeout of a session in seconds (b1s.conf `SessionTimeout` is minutes; 1800 = the default 30). */
  sessionTimeoutSeconds: int.min(1).default(1800),
  /** Shape of the 401 for a bad session on /b1s/v1 (spec §2.5): the guide's numeric code + `{lang, value}`,
   * or the string code + plain message a 10.0 build was observed to send. v2 always sends strings. */
  sessionErrorShape: z.enum(['guide', 'observed']).default('guide'),
  /** Code of that 401: 301 (SAP) or -5002 (reported for timed-out sessions on some servers). */
  sessionErrorCode: z.enum(['301', '-5002']).default('301'),
  /** How Login answers a user without a licence (undocumented, spec §2.7): the same "Login failed" as a
   * wrong password, or a message naming the licence. */
  unlicensedAnswer: z.enum(['loginFailed', 'licenseMessage']).default('licenseMessage'),
  /** HTTP status of Login for a company database not bound in the SLD (spec §2.5 gives only the message). */
  unknownCompanyStatus: z.coerce.number().pipe(z.union([z.literal(400), z.literal(401), z.literal(500)])).default(401),
  /** b1s.conf `PageSize` (spec §5.1); 0 disables paging. */
  pageSize: int.default(20),
  /** Form of the v2 next link (spec §5.2: relative to the service root observed; others handled by clients). */
  v2NextLink: z.enum(['relative', 'hostRelative', 'absolute']).default('relative'),
  /** Whether v2 `$filter` also accepts quoted date/time literals (spec §4.2: unverified). */
  v2QuotedLiterals: bool.default(true),
  /** Dates in v1 JSON: 10.0 builds send `2024-03-21T00:00:00Z`, older builds `2020-10-08` (spec §1.2). */
  v1DateFormat: z.enum(['iso', 'date']).default('iso'),
  /** Whether documents expose `PaidToDate` (spec §7.2: unverified as an SL property). */
  exposePaidToDate: bool.default(true),
  /** Whether posting/cancelling a payment moves the invoice's UpdateDate/UpdateTime (spec §8.3: unverified). */
  paymentTouchesInvoice: bool.default(false),
  /** Whether creating a record sets UpdateDate/UpdateTime (one integrator saw it not set, spec §8.1). */
  createSetsUpdateDate: bool.default(true),
  /** String comparisons in `$filter` are case-sensitive (HANA) unless `B1S-CaseInsensitive: true` (spec §4.1). */
  caseSensitive: bool.default(true),
  /** IANA zone of the B1 server's wall clock; UpdateDate/UpdateTime are written in it (spec §8.1). */
  timeZone: z.string().default('UTC'),
  /** Delay of a `slow` fault, in ms. */
  slowMs: int.default(1500),
  /** ROUTEID value set at Login (balancer node). */
  routeId: z.string().default('.node1'),
});

export type Switches = z.infer<typeof switchesSchema>;

export function parseSwitches(input: Record<string, unknown> | undefined): Switches {
  const unknown = Object.keys(input ?? {}).filter((k) => !(k in switchesSchema.shape));
  if (unknown.length) throw new Error(`Unknown SAP B1 sandbox switch: ${unknown.join(', ')}. Known: ${Object.keys(switchesSchema.shape).join(', ')}.`);
  return switchesSchema.parse(input ?? {});
}

export function mergeSwitches(current: Switches, change: Record<string, unknown>): Switches {
  return parseSwitches({ ...current, ...change });
}
