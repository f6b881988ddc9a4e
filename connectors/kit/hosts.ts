// Which hosts a connection's secrets may travel to (ConnectorManifest.allowedHosts): exact names or a
// single leading wildcard label. `*.intacct.com` matches `api.intacct.com` and `a.b.intacct.com`, never
// `intacct.com.evil.example` nor `intacct.com` itself.
import { z } from 'zod';

export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return patterns.some((raw) => {
    const p = raw.toLowerCase();
    if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
    return h === p;
  });
}

/** The host of a configured origin (`https://erp.local:4443/api` → `erp.local`), lower-cased. */
export function hostOf(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/** The config field convention for ERPs that stamp server-local times: an IANA zone, checked by Intl. */
export const timeZoneSchema = z
  .string()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/Paris or America/New_York')
  .default('UTC');
