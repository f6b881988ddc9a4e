// Where a connection's secrets may travel. Two rules, applied wherever a connector
// is opened (runs, Test connection, live field lookups, CRM setup) and where connections are saved:
//
// 1. Plain http:// carries passwords unencrypted. It is fine on this machine (the sandboxes), refused
//    for hosts on the internet, and allowed for a private-network host (a Sage 300 Web API on the office
//    LAN is plain HTTP by default) only with the admin's explicit consent, stored with the connection as
//    the origins consented to (`tls.plainHttpOrigins`) and shown as a warning. Moving to another origin
//    voids it.
// 2. The kit's HTTP client only talks to the connection's allowed hosts: its configured origins (scheme,
//    host and port, each passing rule 1) plus the hosts its manifest says it may learn at login (Zoho's
//    regional API domains, Intacct's session endpoints; https only, except on loopback).
// Hosts are classified from their names alone (kit addressKind): nothing is looked up or sent.
import { addressKind } from '../../connectors/kit/hosts.ts';
import { originsOf } from '../../preload/contract/connection-origin.ts';
import { ConfigError } from '../../connectors/kit/errors.ts';

export interface TransportTrust {
  fingerprint256?: string;
  ca?: string;
  /** Plain-http private-network origins the admin consented to send this connection's secrets to. */
  plainHttpOrigins?: string[];
}

interface PlainHttpOrigin {
  origin: string;
  kind: 'loopback' | 'private' | 'public';
}

/** The connection's configured http:// origins, each with where its host lives. */
export function plainHttpOrigins(settings: Record<string, unknown>): PlainHttpOrigin[] {
  const out: PlainHttpOrigin[] = [];
  for (const origin of originsOf(settings)) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      continue; // not a URL: the connector's config schema says so
    }
    if (url.protocol === 'http:') out.push({ origin: url.origin, kind: addressKind(url.hostname) });
  }
  return out;
}

/** The private-network http origins a consent given now covers (what `plainHttpOrigins` stores). */
export function consentableOrigins(settings: Record<string, unknown>): string[] {
  return plainHttpOrigins(settings).filter((o) => o.kind === 'private').map((o) => o.origin);
}

/**
 * The plain-http origins consented to after a save: a consent given (or withdrawn) now covers the
 * settings' private http origins; otherwise the earlier consent stays only where the connection still points.
 */
export function consentAfterSave(settings: Record<string, unknown>, previous: readonly string[] | undefined, given: boolean | undefined): string[] {
  const now = consentableOrigins(settings);
  if (given !== undefined) return given ? now : [];
  return (previous ?? []).filter((o) => now.includes(o));
}

/** Rule 1: throws a ConfigError naming the origin when plain http would carry the secrets where it may not. */
export function assertTransportAllowed(settings: Record<string, unknown>, trust: TransportTrust): void {
  const consented = new Set(trust.plainHttpOrigins ?? []);
  for (const { origin, kind } of plainHttpOrigins(settings)) {
    if (kind === 'public') {
      throw new ConfigError(`${origin} is a host on the internet reached over plain http://: the connection's passwords and data would travel unencrypted, so ml-connector refuses it.`, {
        code: 'PLAIN_HTTP_REFUSED',
        hint: 'Use the https:// address of the server. Plain http:// is only accepted for this machine and, with your consent, for a server on your private network.',
        data: { path: ['settings'], origin },
      });
    }
    if (kind === 'private' && !consented.has(origin)) {
      throw new ConfigError(`${origin} is on your private network and uses plain http://: the connection's passwords would travel unencrypted on that network.`, {
        code: 'PLAIN_HTTP_NEEDS_CONSENT',
        hint: 'Use https:// if the server offers it, or allow plain HTTP for this connection ("Allow plain HTTP on my private network" in the connection form, or "plainHttpConsent": true).',
        data: { path: ['plainHttpConsent'], origin },
      });
    }
  }
}

/** The warnings a connection's view shows for what the admin accepted (plain HTTP on the LAN). */
export function transportWarnings(settings: Record<string, unknown>, trust: TransportTrust): string[] {
  const consented = new Set(trust.plainHttpOrigins ?? []);
  return plainHttpOrigins(settings)
    .filter((o) => o.kind === 'private' && consented.has(o.origin))
    .map((o) => `Passwords go to ${o.origin} over plain HTTP, unencrypted on your private network (you allowed this). Switch to https:// when the server offers it.`);
}
