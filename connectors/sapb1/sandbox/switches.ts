// Behaviours the spec marks unverified, or that differ between Service Layer builds, are switches so an
// independent client can be run against every answer. Defaults follow the spec's best evidence.
import { z } from 'zod';
import { defineSwitches, switchBool, switchInt } from '../../kit/sandbox/switches.ts';

export const sapb1Switches = defineSwitches('sapb1', {
  sessionTimeoutSeconds: switchInt.min(1).default(1800).describe('Idle timeout of a session in seconds of vendor time (b1s.conf SessionTimeout, 30 minutes by default); every request restarts it.'),
  sessionErrorShape: z.enum(['guide', 'observed']).default('guide').describe("401 of a bad session on /b1s/v1: the guide's numeric code + {lang, value} message, or the string code + plain message a 10.0 build sent (spec §2.5). v2 always sends strings."),
  sessionErrorCode: z.enum(['301', '-5002']).default('301').describe('Code of that 401: 301 (SAP), or -5002 as some servers are reported to send for a timed-out session.'),
  unlicensedAnswer: z.enum(['loginFailed', 'licenseMessage']).default('licenseMessage').describe('Login of a user without a licence (undocumented, spec §2.7): the same 100000027 "Login failed" as a wrong password, or a message naming the licence.'),
  unknownCompanyStatus: z.coerce.number().pipe(z.union([z.literal(400), z.literal(401), z.literal(500)])).default(401).describe('HTTP status of Login for a company database not bound in the SLD (spec §2.5 gives only the message).'),
  pageSize: switchInt.default(20).describe('b1s.conf PageSize: rows per page without a Prefer/B1S-PageSize header; 0 disables paging.'),
  v2NextLink: z.enum(['relative', 'hostRelative', 'absolute']).default('relative').describe('Form of @odata.nextLink on v2: relative to the service root (observed), /b1s/v2/… or absolute.'),
  v2InlineCount: z.enum(['accept', 'refuse']).default('accept').describe("$inlinecount=allpages on /b1s/v2: answered with @odata.count (B1SLayer sends it on both versions and reads @odata.count), or 400 as an OData v4 service without the v3 option would (spec §5.3: unverified)."),
  v2QuotedLiterals: switchBool.default(true).describe("Whether v2 $filter also accepts quoted date/time literals ('2025-05-01') besides unquoted ones (spec §4.2: unverified)."),
  v1DateFormat: z.enum(['iso', 'date']).default('iso').describe('Dates in v1 JSON: 2024-03-21T00:00:00Z (10.0 builds) or 2024-03-21 (older builds).'),
  exposePaidToDate: switchBool.default(true).describe('Whether documents carry PaidToDate (spec §7.2: unverified as an SL property; PaidToDateFC/Sys go with it).'),
  paymentTouchesInvoice: switchBool.default(false).describe("Whether posting or cancelling a payment moves the invoice's UpdateDate/UpdateTime (spec §8.3: unverified)."),
  createSetsUpdateDate: switchBool.default(true).describe('Whether a new record gets UpdateDate/UpdateTime (one integrator saw it not set, spec §8.1).'),
  caseSensitive: switchBool.default(true).describe('String comparisons in $filter are case-sensitive (HANA) unless the request sends B1S-CaseInsensitive: true.'),
  timeZone: z.string().default('UTC').describe("IANA zone of the B1 server's wall clock, in which UpdateDate/UpdateTime are stamped (spec §8.1)."),
  slowMs: switchInt.default(1500).describe('Delay of a `slow` fault in ms of vendor time.'),
  routeId: z.string().default('.node1').describe('ROUTEID cookie value set at Login (the balancer node).'),
  webhookHmacInput: z.enum(['body', 'none']).default('body').describe('Webhook Messenger, HMAC subscriptions: notifications carry X-B1-Webhook-Signature over the body, or none (spec §10.1: only the handshake signature is documented).'),
  webhookHmacEncoding: z.enum(['hex', 'base64']).default('hex').describe('Encoding of X-B1-Webhook-Signature (unverified).'),
  webhookRetryPolicy: z.enum(['guideFaq', 'adminInfo']).default('guideFaq').describe("Webhook retries: the guide FAQ's five after 2, 4, 8, 16, 32 s, or the company's WebhookRetryTimes from WebhookRetryInterval s, doubling (spec §10.1: the two differ)."),
  webhookOAuthClientAuth: z.enum(['post', 'basic']).default('post').describe('Webhooks with AuthenticationType OAuth: the client id and secret go to the token endpoint in the form body or a Basic header (spec §10.1 gives only the credential fields).'),
  permissionCacheSeconds: switchInt.default(60).describe('Seconds (vendor time) before a permission a superuser grants or revokes takes effect (spec §10.1: "about a minute").'),
  adminInfoFolderPathsValid: switchBool.default(true).describe('Whether the company\'s Excel/XML folder paths exist on the host; when not, Get/UpdateAdminInfo fail with 10001237 "Enter valid folder path" (spec §10.1).'),
  webhookFlushMs: switchInt.default(300).describe('Webhook Messenger: how long events are gathered into one batch before delivery (ms).'),
});

export type Switches = ReturnType<typeof sapb1Switches.parse>;
