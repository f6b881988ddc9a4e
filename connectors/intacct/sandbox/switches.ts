// Behaviours the spec marks unverified are switches (spec §4.3, §5, §8, §9), so a client can be run
// against every plausible answer. Defaults are the spec's best guess.
import { z } from 'zod';

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const int = z.coerce.number().int().min(0);

export const switchesSchema = z.object({
  /** Session duration configured for the company: each call before expiry slides it (spec §3). */
  sessionTimeoutSeconds: int.min(1).default(3600),
  /** The `<endpoint>` getAPISession answers; must be on *.intacct.com or the official SDK refuses it (§13). */
  endpointUrl: z.string().url().refine((u) => /\.intacct\.com\.?$/i.test(new URL(u).hostname), 'endpointUrl must be on an *.intacct.com host (spec §13)').default('https://sandbox.intacct.com/ia/xml/xmlgw.phtml'),
  /** Zone WHENMODIFIED and other timestamps are rendered in (spec §5.5: unverified, so not UTC by default). */
  timeZone: z.string().refine((tz) => { try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); return true; } catch { return false; } }, 'unknown IANA time zone').default('America/Los_Angeles'),
  /** A repeated function controlid under uniqueid=true: `replay` the stored result, or `reject` it (§4.3: unverified). */
  duplicateControlId: z.enum(['replay', 'reject']).default('replay'),
  /** errorno of an expired or unknown session at the authentication level (§4.3: unverified). */
  invalidSessionErrorNo: z.string().default('XL03000006'),
  /** Unknown company ID: the generic "Sign-in information is incorrect", or a message naming the company (unverified). */
  unknownCompanyAnswer: z.enum(['sign-in-incorrect', 'invalid-company']).default('sign-in-incorrect'),
  /** Wrong sender credentials: control failure XL03000006 in HTTP 200, or HTTP 401 XMLGW_JPP0002 at the edge (§1). */
  badSenderAnswer: z.enum(['control-failure', 'http401']).default('control-failure'),
  /** The sender is authorised for the company (Company → Security → Web Services authorizations). */
  senderAuthorized: bool.default(true),
  /** Objects the API user may not read or write, comma separated (e.g. `APBILL`). */
  deniedObjects: z.string().default(''),
  /** Entities (locations) of the multi-entity company, comma separated; empty = a standalone company. */
  entities: z.string().default('WEST,EAST'),
  /** Largest readByQuery page (docs: 1000) and query page (XSD: 2000). */
  readByQueryMaxPageSize: int.min(1).default(1000),
  queryMaxPageSize: int.min(1).default(2000),
  /** A resultId expires after this many seconds without a readMore (§5.2: unverified). */
  resultIdTtlSeconds: int.min(1).default(600),
  /** readMore only with the session that ran the readByQuery — for login-authenticated requests, the same user and entity (§5.2: unverified). */
  resultIdBoundToSession: bool.default(true),
  /** Functions allowed in one request before the gateway refuses it; 0 = no limit (§8: unverified). */
  maxFunctionsPerRequest: int.default(0),
  /** A `slow` fault's delay. */
  slowMs: int.default(1500),
});

export type Switches = z.infer<typeof switchesSchema>;

export function parseSwitches(input: Record<string, unknown> | undefined): Switches {
  return switchesSchema.parse(input ?? {});
}

export function mergeSwitches(current: Switches, change: Record<string, unknown>): Switches {
  const unknown = Object.keys(change).filter((k) => !(k in switchesSchema.shape));
  if (unknown.length) throw new Error(`Unknown switch: ${unknown.join(', ')}. Known: ${Object.keys(switchesSchema.shape).join(', ')}.`);
  return switchesSchema.parse({ ...current, ...change });
}

export function listSwitch(value: string): string[] {
  return value.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
}
