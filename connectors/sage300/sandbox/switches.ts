// Behaviours the spec marks unverified (or that differ between installs) are switches, so tests can
// run the client against both answers. Defaults are the spec's best guess.
import { z } from 'zod';
import { defineSwitches, switchBool as bool, switchInt as int } from '../../kit/sandbox/switches.ts';

export const sage300Switches = defineSwitches('sage300', {
  passwordCase: z.enum(['exact', 'upper']).default('exact').describe('exact: passwords compared as sent (complex passwords, 2022 PU2+); upper: legacy install, only the upper-cased password matches (spec §2.2).'),
  userIdCaseSensitive: bool.default(true).describe('Reject `webapi` where `WEBAPI` is the user (the Web API compares what arrives, spec §2.2).'),
  adminBlocked: bool.default(true).describe('ADMIN has no Web API access unless AllowWebApiAccessForAdmin is set (spec §2.3).'),
  adminBlockedStatus: z.coerce.number().pipe(z.union([z.literal(401), z.literal(403)])).default(401).describe('Whether a blocked ADMIN gets 401 or 403 (spec §2.4: unverified).'),
  forbiddenModules: z.string().default('').describe('Modules the integration user lacks the "Sage 300 Web API" right for, comma separated (403 Forbidden).'),
  requireContentType: bool.default(true).describe('Requests without Content-Type: application/json get 500 InternalServerError (spec §0, §11.3).'),
  unknownCompanyError: z.enum(['DBLinkError', 'SessionError']).default('DBLinkError').describe('How an unknown company fails (spec §11.1).'),
  pageSize: int.min(1).default(100).describe('web.config PageSize.'),
  maxPageSizePreference: z.enum(['ignore', 'honour']).default('ignore').describe('Prefer: odata.maxpagesize=N: ignored (no support documented, spec §5.3), or honoured below PageSize with Preference-Applied, as the ASP.NET OData stack can.'),
  maxPageRecords: int.default(0).describe('Pages with more rows than this run past the IIS/ASP.NET request timeout; 0 = no limit.'),
  oversizedPageFault: z.enum(['500', 'timeout']).default('500').describe('How an oversized page fails: ASP.NET "Request timed out" 500 page, or a hang until the client gives up.'),
  updateStatus: z.coerce.number().pipe(z.union([z.literal(200), z.literal(204)])).default(204).describe('PUT/PATCH answer 204 or 200 with the entity (spec §3.2: unverified).'),
  v3Annotations: bool.default(false).describe('Emit v3-style odata.context/odata.count (count as a string), as printed in the Developer Reference.'),
  postingTouchesDateLastMaintained: bool.default(false).describe("Whether posting a batch bumps the customer's DateLastMaintained (spec §9.1: assume it does not)."),
  orderbySupported: bool.default(true).describe("$orderby support (spec §4.1: not in Sage's docs). When off, $orderby is a 400."),
  substringFunction: z.enum(['contains', 'substringof', 'both']).default('both').describe('Which substring function the $filter parser knows (spec §4.2: v3 substringof or v4 contains).'),
  nextLinkBase: z.string().default('').describe("Base for @odata.nextLink (e.g. http://localhost as IIS behind a proxy would write it); empty = the request's host."),
  coldStartMs: int.default(0).describe('Delay of the first request after start (or after POST /__sandbox/coldstart): the IIS app pool spinning up.'),
  slowMs: int.default(1500).describe('Delay of a `slow` fault.'),
  today: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/).default('').describe('Sandbox "today" (YYYY-MM-DD); empty = the real UTC date at start.'),
});

export type Switches = ReturnType<typeof sage300Switches.parse>;
