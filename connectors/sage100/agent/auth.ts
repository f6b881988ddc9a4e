// Authentication of every request (spec §7.2): the agent API key in `X-Agent-Key` (stored as a
// SHA-256 hash: the key is 32 random bytes, so a slow hash adds nothing) and the service account in
// `Authorization: Basic` (stored as scrypt; on Linux and in the sandbox validated against the agent's
// configuration, where the real agent on Windows would call LogonUser). Accounts may be limited to
// companies (403 `auth.forbidden` otherwise).
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { AgentError } from './errors.ts';

export interface ServiceAccount {
  user: string;
  passwordHash: string;
  /** Companies this account may read; omitted = all the agent serves. */
  companies?: string[];
}

export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

export function newApiKey(): string {
  return randomBytes(32).toString('base64url');
}

export function hashPassword(password: string, salt = randomBytes(16)): string {
  return `scrypt:${salt.toString('base64')}:${scryptSync(password, salt, 32).toString('base64')}`;
}

function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split(':');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Checks both headers; returns the account's user name (safe to log). */
export class Authenticator {
  /** scrypt is deliberately slow: remember headers already verified (by their hash, never in clear). */
  private readonly verified = new Map<string, ServiceAccount>();

  constructor(
    private readonly apiKeyHashes: readonly string[],
    private readonly accounts: readonly ServiceAccount[],
  ) {}

  check(headers: { 'x-agent-key'?: string | string[]; authorization?: string }): ServiceAccount {
    const key = headers['x-agent-key'];
    if (typeof key !== 'string' || !key || !this.apiKeyHashes.some((h) => sameText(hashApiKey(key), h))) {
      throw new AgentError('auth.invalid_agent_key', 'The X-Agent-Key header is missing or is not a key this agent issued. Copy the key shown when the agent was installed (or issue a new one with `ml-connector sage100-agent --config FILE --issue-key`).');
    }
    const auth = headers.authorization ?? '';
    const cacheKey = createHash('sha256').update(auth).digest('hex');
    const cached = this.verified.get(cacheKey);
    if (cached) return cached;
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
    const decoded = m ? Buffer.from(m[1]!, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user = colon > 0 ? decoded.slice(0, colon) : '';
    const password = colon > 0 ? decoded.slice(colon + 1) : '';
    const account = this.accounts.find((a) => a.user.toLowerCase() === user.toLowerCase());
    if (!account || !verifyPassword(password, account.passwordHash)) {
      throw new AgentError('auth.invalid_windows_credentials', `The service account in the Authorization header was refused${user ? ` (user ${user})` : ' (no Basic credentials sent)'}. Send Basic DOMAIN\\user:password of an account the agent allows.`);
    }
    if (this.verified.size > 1000) this.verified.clear();
    this.verified.set(cacheKey, account);
    return account;
  }

  static allows(account: ServiceAccount, company: string): boolean {
    return !account.companies || account.companies.includes(company);
  }
}
