// Which hosts a connection's secrets may travel to (ConnectorManifest.allowedHosts): exact names or a
// single leading wildcard label. `*.intacct.com` matches `api.intacct.com` and `a.b.intacct.com`, never
// `intacct.com.evil.example` nor `intacct.com` itself.
import { z } from 'zod';
import { ConfigError } from './errors.ts';

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

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * May a secret be sent to `url`? `allowed` holds exact origins (`https://www.zohoapis.com`, scheme and
 * port included) or host patterns as in hostAllowed (`*.zohoapis.eu`; then https only, except on
 * loopback where the sandboxes run).
 */
export function isAllowedHost(url: string, allowed: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  if (u.username || u.password) return false;
  const host = u.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return allowed.some((entry) => {
    if (/^https?:\/\//i.test(entry)) {
      try {
        return new URL(entry).origin === u.origin;
      } catch {
        return false;
      }
    }
    return hostAllowed(host, [entry]) && (u.protocol === 'https:' || LOOPBACK.has(host));
  });
}

/** `url` parsed when allowed, else a ConfigError HOST_NOT_ALLOWED: nothing may be sent there. */
export function requireAllowedHost(url: string, allowed: readonly string[], context: { system: string; what: string }): URL {
  if (isAllowedHost(url, allowed)) return new URL(url);
  let shown = '(not a URL)';
  try {
    shown = new URL(url).origin;
  } catch {
    /* keep the placeholder: the text may hold anything */
  }
  throw new ConfigError(`${context.system} named ${shown} as its ${context.what}, which this connection does not allow; nothing was sent there.`, {
    code: 'HOST_NOT_ALLOWED',
    system: context.system,
    hint: `Only these hosts are allowed: ${allowed.join(', ') || '(none)'}. Check the connection's data centre or server address.`,
    data: { origin: shown, allowed: [...allowed] },
  });
}
