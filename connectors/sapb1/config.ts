// Connection settings (zod): the Service Layer root (v1 or v2), the company database, the user, the
// server's time zone (UpdateDate/UpdateTime are its wall clock), page size and trust. The password is a
// secret, never part of the config.
import { z } from 'zod';
import { timeZoneSchema } from '../kit/hosts.ts';

export const sapb1ConfigSchema = z.object({
  url: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^\s/]+.*\/b1s\/v[12]\/?$/i, 'must be the Service Layer root, e.g. https://b1-server:50000/b1s/v2 (or …/b1s/v1)')
    .meta({ title: 'Service Layer address', description: 'e.g. https://b1-server:50000/b1s/v2 — v2 (OData v4) is recommended; /b1s/v1 works too. Behind a proxy keep its prefix, e.g. https://host/ServiceLayer/b1s/v2.' }),
  companyDB: z.string().trim().min(1).max(100).meta({ title: 'Company database', description: 'The company database (schema) name, e.g. SBODEMOUS, as in the SLD.' }),
  user: z.string().trim().min(1).max(25).meta({ title: 'User', description: 'A B1 user with a licence that includes Service Layer access (a dedicated integration user is best).' }),
  timeZone: timeZoneSchema.default('UTC').meta({ title: 'Server time zone', description: "The B1 server's time zone: change dates are stamped in its local time." }),
  overlapMinutes: z.coerce.number().int().min(1).max(240).default(10).meta({ title: 'Incremental overlap (minutes)', description: 'Each poll re-reads this many minutes before the last one: the server compares times by the minute, and clocks drift.' }),
  pageSize: z.coerce.number().int().min(20).max(1000).default(200).meta({ title: 'Records per page', description: 'Sent as Prefer: odata.maxpagesize (the server default is 20).' }),
  requestTimeoutSeconds: z.coerce.number().int().min(5).max(600).default(120).meta({ title: 'Request timeout (seconds)', description: 'How long one request may take before it is abandoned and retried. Raise it for a slow server or large pages.' }),
  tls: z.object({ ca: z.string().optional(), fingerprint256: z.string().optional() }).optional(),
});

export type SapB1Config = z.infer<typeof sapb1ConfigSchema>;

/** `v1` or `v2` from the configured root. */
export function versionOf(url: string): 'v1' | 'v2' {
  return /\/b1s\/v1\/?$/i.test(url) ? 'v1' : 'v2';
}
