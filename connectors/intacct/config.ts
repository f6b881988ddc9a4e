// A connection to one Intacct company through the XML gateway. Secrets (sender and user passwords)
// travel separately, in ConnectorContext.secrets.
import { z } from 'zod';
import { timeZoneSchema } from '../kit/hosts.ts';

export const DEFAULT_GATEWAY = 'https://api.intacct.com/ia/xml/xmlgw.phtml';

export const intacctConfigSchema = z.object({
  /** The gateway URL. Only an *.intacct.com gateway hands over to the endpoint a session names. */
  url: z.string().url().default(DEFAULT_GATEWAY).meta({ title: 'Gateway address', description: 'Intacct’s XML gateway, https://api.intacct.com/ia/xml/xmlgw.phtml. Change it only for a proxy or a test gateway.' }),
  /** Web Services sender ID (the Marketplace/partner sender authorised in the company). */
  senderId: z.string().min(1).meta({ title: 'Sender ID', description: 'The Web Services sender ID authorised in the company (Company › Setup › Security › Web Services authorizations).' }),
  companyId: z.string().min(1).meta({ title: 'Company ID', description: 'As typed on the Intacct sign-in page.' }),
  userId: z.string().min(1).meta({ title: 'User ID', description: 'A Web Services user of the company.' }),
  /** Entity (location) ID in a multi-entity company; empty = the top level. */
  entityId: z.string().default('').meta({ title: 'Entity ID', description: 'The entity (location) in a multi-entity company; empty for the top level.' }),
  /** The zone Intacct renders WHENMODIFIED in for this company (undocumented, so configurable). */
  timeZone: timeZoneSchema,
  /** Extra minutes re-read below the watermark, because WHENMODIFIED's zone is not documented. */
  overlapMinutes: z.number().int().min(0).max(7 * 24 * 60).default(180).meta({ title: 'Re-read overlap (minutes)', description: 'Minutes re-read below the last change seen, because Intacct does not document the time zone of its change stamps.' }),
  /** Trust for a gateway with a private certificate (a proxy or the sandbox); verification is never off. */
  tls: z.object({ ca: z.string().optional(), fingerprint256: z.string().optional() }).optional(),
  /** query page size; the gateway allows up to 2,000. */
  pageSize: z.number().int().min(1).max(2000).default(2000).meta({ title: 'Page size', description: 'Records per query page (the gateway allows up to 2,000).' }),
  /** Functions sent in one write request. */
  writeBatch: z.number().int().min(1).max(100).default(50).meta({ title: 'Write batch size', description: 'Records sent in one write request (1–100).' }),
});

export type IntacctConfig = z.infer<typeof intacctConfigSchema>;
export type IntacctConfigInput = z.input<typeof intacctConfigSchema>;

export const SECRET_SENDER_PASSWORD = 'senderPassword';
export const SECRET_USER_PASSWORD = 'userPassword';
