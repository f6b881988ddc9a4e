// Behaviours the spec marks unverified (or that differ between installs) are switches, so tests can
// run the client against both answers. Defaults are the spec's best guess.
import { z } from 'zod';

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const int = z.coerce.number().int().min(0);

export const switchesSchema = z.object({
  /** `exact`: passwords compared as sent (complex passwords, 2022 PU2+). `upper`: legacy install, stored
   * upper-case, so only the upper-cased password matches (spec §2.2). */
  passwordCase: z.enum(['exact', 'upper']).default('exact'),
  /** Reject `webapi` where `WEBAPI` is the user (the Web API compares what arrives, spec §2.2). */
  userIdCaseSensitive: bool.default(true),
  /** ADMIN has no Web API access unless `AllowWebApiAccessForAdmin` is set (spec §2.3). */
  adminBlocked: bool.default(true),
  /** Whether a blocked ADMIN gets 401 or 403 (spec §2.4: unverified). */
  adminBlockedStatus: z.coerce.number().pipe(z.union([z.literal(401), z.literal(403)])).default(401),
  /** Modules the integration user lacks the "Sage 300 Web API" right for, comma separated (403 Forbidden). */
  forbiddenModules: z.string().default(''),
  /** Requests without `Content-Type: application/json` get 500 InternalServerError (spec §0, §11.3). */
  requireContentType: bool.default(true),
  /** How an unknown company fails (spec §11.1). */
  unknownCompanyError: z.enum(['DBLinkError', 'SessionError']).default('DBLinkError'),
  /** web.config `PageSize`. */
  pageSize: int.min(1).default(100),
  /** Pages with more rows than this run past the IIS/ASP.NET request timeout; 0 = no limit. */
  maxPageRecords: int.default(0),
  /** How an oversized page fails: ASP.NET "Request timed out" 500 page, or a hang until the client gives up. */
  oversizedPageFault: z.enum(['500', 'timeout']).default('500'),
  /** PUT/PATCH answer 204 (default) or 200 with the entity (spec §3.2: unverified). */
  updateStatus: z.coerce.number().pipe(z.union([z.literal(200), z.literal(204)])).default(204),
  /** Emit v3-style `odata.context`/`odata.count` (count as a string), as printed in the Developer Reference. */
  v3Annotations: bool.default(false),
  /** Whether posting a batch bumps the customer's DateLastMaintained (spec §9.1: assume it does not). */
  postingTouchesDateLastMaintained: bool.default(false),
  /** `$orderby` support (spec §4.1: not in Sage's docs). When off, `$orderby` is a 400. */
  orderbySupported: bool.default(true),
  /** Which substring function the $filter parser knows (spec §4.2: v3 `substringof` or v4 `contains`). */
  substringFunction: z.enum(['contains', 'substringof', 'both']).default('both'),
  /** Base for `@odata.nextLink` (e.g. `http://localhost` as IIS behind a proxy would write it); empty = the request's host. */
  nextLinkBase: z.string().default(''),
  /** Delay of the first request after start (or after `/__sandbox/coldstart`): the IIS app pool spinning up. */
  coldStartMs: int.default(0),
  /** Delay of a `slow` fault. */
  slowMs: int.default(1500),
  /** Sandbox "today" (YYYY-MM-DD); empty = the real UTC date at start. */
  today: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/).default(''),
});

export type Switches = z.infer<typeof switchesSchema>;

export function parseSwitches(input: Record<string, unknown> | undefined): Switches {
  return switchesSchema.parse(input ?? {});
}

/** Applies a partial change to running switches (admin API); unknown names are an error. */
export function mergeSwitches(current: Switches, change: Record<string, unknown>): Switches {
  const unknown = Object.keys(change).filter((k) => !(k in switchesSchema.shape));
  if (unknown.length) throw new Error(`Unknown switch: ${unknown.join(', ')}. Known: ${Object.keys(switchesSchema.shape).join(', ')}.`);
  return switchesSchema.parse({ ...current, ...change });
}
