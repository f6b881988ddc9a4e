// The cookies of one session against one origin (SAP B1's B1SESSION and ROUTEID). Deliberately small:
// a session talks to a single configured host, so Domain and Path are not used to choose cookies;
// Max-Age=0 or a past Expires deletes one, as servers do on logout. Every value is a secret.
import { secretFilter, type SecretFilter } from '../redact.ts';

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly filter: SecretFilter = secretFilter) {}

  /** Takes `Set-Cookie` values (e.g. `res.headers.getSetCookie()`). */
  store(setCookies: readonly string[], nowMs = Date.now()): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (isDeletion(attributes, nowMs) || value === '') {
        this.cookies.delete(name);
        continue;
      }
      this.filter.add(value);
      this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  get size(): number {
    return this.cookies.size;
  }

  /** The `Cookie` request header value, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

function isDeletion(attributes: readonly string[], nowMs: number): boolean {
  for (const raw of attributes) {
    const eq = raw.indexOf('=');
    const key = (eq < 0 ? raw : raw.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : raw.slice(eq + 1).trim();
    if (key === 'max-age' && /^-?\d+$/.test(value) && Number(value) <= 0) return true;
    if (key === 'expires') {
      const at = Date.parse(value);
      if (!Number.isNaN(at) && at <= nowMs) return true;
    }
  }
  return false;
}
