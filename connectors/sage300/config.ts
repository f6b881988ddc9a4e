// Connection settings (zod): the Web API address and company, the user, how the password is cased,
// how hard the server may be pushed. The password is a secret, never part of the config.
import { z } from 'zod';
import { ConfigError } from '../kit/errors.ts';

export const sage300ConfigSchema = z.object({
  url: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^\s/]+/i, 'must start with https:// (or http://) and a host name')
    .meta({
      title: 'Web API address',
      description: 'e.g. https://erp.example.com/Sage300WebApi — or the full base through the company, https://erp.example.com/Sage300WebApi/v1.0/-/SAMINC',
    }),
  company: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{1,6}$/, 'is the company Org ID, up to 6 letters or digits (e.g. SAMINC)')
    .optional()
    .meta({ title: 'Company (Org ID)', description: 'The company database ID from Database Setup, e.g. SAMINC. Not needed when the address already ends with it.' }),
  user: z
    .string()
    .trim()
    .min(1)
    .max(8, 'Sage 300 user IDs are at most 8 characters')
    .meta({ title: 'User ID', description: 'A Sage 300 user in a security group with the "Sage 300 Web API" right for AR, AP and OE (e.g. WEBAPI). Sent upper-case.' }),
  passwordCase: z
    .enum(['exact', 'upper'])
    .default('exact')
    .meta({ title: 'Password casing', description: 'exact: send the password as typed (complex passwords, 2022 PU2 and later). upper: older installs that store passwords upper-case. Test connection finds out.' }),
  maxConcurrentRequests: z.coerce
    .number()
    .int()
    .min(1)
    .max(4)
    .default(1)
    .meta({ title: 'Parallel requests to this server', description: 'Sage 300 runs every request through its business views; 1 is safest, up to 4 on a strong server.' }),
  pageSize: z.coerce
    .number()
    .int()
    .min(10)
    .max(1000)
    .default(100)
    .meta({ title: 'Records per page', description: 'Matches PageSize in the Web API web.config (default 100). Halved automatically when pages time out.' }),
  requestTimeoutSeconds: z.coerce.number().int().min(5).max(900).default(120).meta({ title: 'Request timeout (seconds)', description: 'How long one request may take before it is abandoned and retried. Raise it for a slow server or large pages.' }),
  orderReferenceField: z
    .enum(['OrderReference', 'PONumber'])
    .default('OrderReference')
    .meta({ title: 'Order field that carries the source deal', description: 'Orders created by ml-connector carry the source id here, so a retry never creates a second order.' }),
  tls: z.object({ ca: z.string().optional(), fingerprint256: z.string().optional() }).optional(),
}).superRefine((c, ctx) => {
  // Checked here so the wizard shows it on the field instead of the connector failing to open.
  const inUrl = COMPANY_IN_URL.exec(safePath(c.url))?.[2];
  if (!inUrl && !c.company) ctx.addIssue({ code: 'custom', path: ['company'], message: 'enter the company Org ID (e.g. SAMINC), or end the address with /v1.0/-/{company}' });
  if (inUrl && c.company && decodeURIComponent(inUrl).toUpperCase() !== c.company.toUpperCase()) {
    ctx.addIssue({ code: 'custom', path: ['company'], message: `the address names company ${inUrl}; clear this setting or fix the address` });
  }
});

/** `…/{app}/v1.0/-/{company}` at the end of a path. */
const COMPANY_IN_URL = /^(.*)\/v1\.0\/-\/([^/]+)$/i;

function safePath(url: string): string {
  try {
    return new URL(url).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}

export type Sage300Config = z.infer<typeof sage300ConfigSchema>;

export interface ResolvedAddress {
  /** `https://host/Sage300WebApi/v1.0/-/SAMINC` (no trailing slash). */
  baseUrl: string;
  company: string;
  origin: string;
}

/** Works out the base URL through the company from whatever form of address the admin typed. */
export function resolveAddress(config: Pick<Sage300Config, 'url' | 'company'>): ResolvedAddress {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new ConfigError('The Sage 300 Web API address is not a valid URL.', { code: 'SAGE300_BAD_URL', system: 'sage300', hint: 'Enter it like https://erp.example.com/Sage300WebApi.' });
  }
  const path = url.pathname.replace(/\/+$/, '');
  const full = COMPANY_IN_URL.exec(path);
  let appPath: string;
  let company = config.company?.toUpperCase();
  if (full) {
    appPath = full[1]!;
    const inUrl = decodeURIComponent(full[2]!).toUpperCase();
    if (company && company !== inUrl) {
      throw new ConfigError(`The address names company ${inUrl} but the Company setting says ${company}.`, { code: 'SAGE300_COMPANY_MISMATCH', system: 'sage300', hint: 'Use one company: clear the Company setting or fix the address.' });
    }
    company = inUrl;
  } else if (/\/Sage300WebApi$/i.test(path)) {
    appPath = path;
  } else if (path === '') {
    appPath = '/Sage300WebApi';
  } else {
    appPath = path;
  }
  if (!company) {
    throw new ConfigError('No Sage 300 company is set.', { code: 'SAGE300_NO_COMPANY', system: 'sage300', hint: 'Enter the company Org ID (e.g. SAMINC).' });
  }
  return { baseUrl: `${url.origin}${appPath}/v1.0/-/${company}`, company, origin: url.origin };
}
