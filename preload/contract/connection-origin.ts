// Shared by the service (which enforces it) and the renderer (which tells the admin before saving).
// Secrets are bound to where a connection points, as browsers bind saved passwords to an origin
// (scheme, host and port): a connection whose address moves to another origin loses its stored
// secrets and asks for them again, and Test connection never lends stored secrets to a draft that
// points elsewhere. Otherwise anyone holding the API token could point a connection at a listener of
// their own, press Test connection and read the password off the wire.
// (Every request a connector makes is checked by the kit's HTTP client against ConnectorContext.allowedHosts:
// these origins plus the hosts the manifest may learn at login, such as Zoho's regional API domains and
// Intacct's session endpoints; plain http:// is ruled on in main/engine/transport-policy.ts.)

/** The origins of every web address among a connection's settings, sorted (`[]` when it has none). */
export function originsOf(settings: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const value of Object.values(settings)) {
    if (typeof value !== 'string' || !/^https?:\/\//i.test(value.trim())) continue;
    try {
      out.add(new URL(value.trim()).origin);
    } catch {
      out.add(value.trim()); // not a URL: compared as written
    }
  }
  return [...out].sort();
}

export function sameOrigins(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(originsOf(a)) === JSON.stringify(originsOf(b));
}

/**
 * The plain http:// origins among the settings that are not this machine: the form asks the admin's
 * consent for them (the service refuses public hosts whatever is consented, main/engine/transport-policy.ts).
 */
export function remotePlainHttpOrigins(settings: Record<string, unknown>): string[] {
  return originsOf(settings).filter((o) => /^http:\/\//i.test(o) && !/^http:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/i.test(o));
}
