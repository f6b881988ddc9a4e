// Which hosts a connection's secrets may travel to (ConnectorManifest.allowedHosts): exact names or a
// single leading wildcard label. `*.intacct.com` matches `api.intacct.com` and `a.b.intacct.com`, never
// `intacct.com.evil.example` nor `intacct.com` itself.
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError } from './errors.ts';
import type { ConnectorManifest } from './types.ts';

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
  .default('UTC')
  .meta({ title: 'Time zone', description: 'The zone the system’s change stamps are in, as an IANA name such as Europe/Paris or America/New_York.' });

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

// RFC 1918 and RFC 4193 unique-local addresses: an office network, never the internet.
const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');

/**
 * Where a host lives, decided from its name alone (no DNS lookup, nothing is sent): `loopback` (this
 * machine: 127/8, ::1, localhost), `private` (10/8, 172.16/12, 192.168/16, fc00::/7, `.local` mDNS
 * names, and single-label names such as `sageserver`, which only an office network's DNS can resolve)
 * or `public` (everything else, dotted names that need DNS included). IPv4-mapped IPv6 addresses
 * (`::ffff:10.0.0.5`) count as the IPv4 address they carry.
 */
export function addressKind(host: string): 'loopback' | 'private' | 'public' {
  let h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (mapped) h = mapped[1]!;
  if (h === 'localhost' || h.endsWith('.localhost')) return 'loopback';
  const family = isIP(h);
  if (family === 0) return h.endsWith('.local') || !h.includes('.') ? 'private' : 'public';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (LOOPBACK.check(h, type)) return 'loopback';
  return PRIVATE.check(h, type) ? 'private' : 'public';
}

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
    return hostAllowed(host, [entry]) && (u.protocol === 'https:' || addressKind(host) === 'loopback');
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

/**
 * ConnectorContext.allowedHosts for a connection: its configured origins (exact scheme, host and port;
 * the host reads them from the settings) plus the hosts its manifest says it may learn at login. The host decides beforehand whether a
 * configured plain-http origin is acceptable at all (main/engine/transport-policy.ts).
 */
export function connectionAllowedHosts<C>(manifest: Pick<ConnectorManifest<C>, 'allowedHosts'>, configuredOrigins: readonly string[], config: C): string[] {
  return [...new Set([...configuredOrigins, ...manifest.allowedHosts(config)])];
}
