// A Sage 100 connection: the agent's HTTPS address, the company code (part of every path), the Windows
// service account the agent allows, and how the agent's self-signed certificate is trusted (its pinned
// SHA-256 fingerprint, as the agent printed it, or a CA). Secrets: the agent API key and the password.
import { z } from 'zod';
import { timeZoneSchema } from '../kit/hosts.ts';

export const sage100ConfigSchema = z.object({
  url: z.string().url().refine((u) => u.startsWith('https://'), 'the Sage 100 agent speaks HTTPS only (https://sage-server:8443)').meta({ title: 'Agent address', description: 'The ml-connector agent on the Sage 100 server, e.g. https://sage-server:8443 (HTTPS only).' }),
  companyCode: z.string().regex(/^[A-Z0-9]{3}$/, 'a Sage 100 company code is 3 upper-case letters or digits, e.g. ABC').meta({ title: 'Company code', description: 'The Sage 100 company code, 3 upper-case letters or digits, e.g. ABC.' }),
  user: z.string().min(1).describe('Windows service account the agent allows, DOMAIN\\user'),
  tls: z.object({ fingerprint256: z.string().optional(), ca: z.string().optional() }).optional(),
  /** The Sage server's zone: DateUpdated/TimeUpdated are its wall clock. */
  timeZone: timeZoneSchema,
  // The agent's largest page: the bench read 5,000 customers at 970 rows/s in 5 requests (500: 543 rows/s in 10).
  pageSize: z.number().int().min(1).max(1000).default(1000).meta({ title: 'Page size', description: 'Records read per request from the agent (1–1000).' }),
  requestTimeoutSeconds: z.number().int().positive().default(150).meta({ title: 'Request timeout (seconds)', description: 'How long one request may take before it is abandoned and retried. Raise it for a slow server or large pages.' }),
});

export type Sage100Config = z.infer<typeof sage100ConfigSchema>;
