// Behaviours the spec marks unverified are switches (spec §4.3, §5, §8, §9), so a client can be run
// against every plausible answer (the kit's defineSwitches: `--switch NAME=VALUE`, the admin API, --help).
// Defaults are the spec's best guess.
import { z } from 'zod';
import { defineSwitches, switchBool, switchInt } from '../../kit/sandbox/switches.ts';

const validZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const intacctSwitches = defineSwitches('intacct', {
  sessionTimeoutSeconds: switchInt.min(1).default(3600).describe('Session duration configured for the company: each call before expiry slides it (spec §3).'),
  endpointUrl: z
    .string()
    .url()
    .refine((u) => /\.intacct\.com\.?$/i.test(new URL(u).hostname), 'endpointUrl must be on an *.intacct.com host (spec §13)')
    .default('https://sandbox.intacct.com/ia/xml/xmlgw.phtml')
    .describe('The <endpoint> getAPISession answers; must be on *.intacct.com or the official SDK refuses it (§13).'),
  timeZone: z.string().refine(validZone, 'unknown IANA time zone').default('America/Los_Angeles').describe('Zone WHENMODIFIED and other timestamps are rendered in (§5.5: unverified, so not UTC by default).'),
  duplicateControlId: z.enum(['replay', 'reject']).default('replay').describe('A repeated function controlid under uniqueid=true: replay the stored result, or reject it (§4.3: unverified).'),
  invalidSessionErrorNo: z.string().default('XL03000006').describe('errorno of an expired or unknown session at the authentication level (§4.3: unverified).'),
  unknownCompanyAnswer: z.enum(['sign-in-incorrect', 'invalid-company']).default('sign-in-incorrect').describe('Unknown company ID: the generic "Sign-in information is incorrect", or a message naming the company (unverified).'),
  badSenderAnswer: z.enum(['control-failure', 'http401']).default('control-failure').describe('Wrong sender credentials: control failure XL03000006 in HTTP 200, or HTTP 401 XMLGW_JPP0002 at the edge (§1).'),
  senderAuthorized: switchBool.default(true).describe('The sender is authorised for the company (Company → Security → Web Services authorizations).'),
  deniedObjects: z.string().default('').describe('Objects the API user may not read or write, comma separated (e.g. APBILL).'),
  entities: z.string().default('WEST,EAST').describe('Entities (locations) of the multi-entity company, comma separated; empty = a standalone company.'),
  readByQueryMaxPageSize: switchInt.min(1).default(1000).describe('Largest readByQuery page (docs: 1000).'),
  queryMaxPageSize: switchInt.min(1).default(2000).describe('Largest query page (XSD: 2000).'),
  resultIdTtlSeconds: switchInt.min(1).default(600).describe('A resultId expires after this many seconds without a readMore (§5.2: unverified).'),
  resultIdBoundToSession: switchBool.default(true).describe('readMore only with the session that ran the readByQuery — for login-authenticated requests, the same user and entity (§5.2: unverified).'),
  maxFunctionsPerRequest: switchInt.default(0).describe('Functions allowed in one request before the gateway refuses it; 0 = no limit (§8: unverified).'),
  contactEditTouchesVendor: z.enum(['no', 'yes']).default('no').describe('A CONTACT update also moves the WHENMODIFIED of the vendors and customers that use it as a contact (§5.5: unverified).'),
  slowMs: switchInt.default(1500).describe("A slow fault's delay."),
  tls: switchBool.default(false).describe('HTTPS with the in-process certificate (same as --tls).'),
});

export type Switches = ReturnType<typeof intacctSwitches.parse>;

export function listSwitch(value: string): string[] {
  return value.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
}
