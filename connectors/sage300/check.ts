// "Test connection": tells apart an unreachable host, a certificate not trusted (with its fingerprint),
// a wrong application path, an unknown company, rejected credentials (with the casing, security-group
// and ADMIN hints) and a module without the Web API right — and finds which password casing the server
// accepts in at most two attempts.
import { ConfigError, isConnectorError, type ConnectorError } from '../kit/errors.ts';
import type { CheckProblemCode, CheckResult, ConnectorContext } from '../kit/types.ts';
import { HINTS } from './classify.ts';
import { Sage300Client, type PasswordCase } from './client.ts';
import { resolveAddress, type Sage300Config } from './config.ts';

type Problem = CheckResult['problems'][number];

/** Modules the connector reads beyond AR, probed with one cheap GET each. */
const MODULE_PROBES = [
  { module: 'AP', path: 'AP/APVendors', key: 'VendorNumber' },
  { module: 'OE', path: 'OE/OEOrders', key: 'OrderUniquifier' },
] as const;

function probe(client: Sage300Client, path: string, key: string) {
  return client.request({ method: 'GET', path, query: { $top: 1, $select: key }, retry: false, responseType: 'json' });
}

function problemOf(e: unknown, user: string): Problem {
  if (!isConnectorError(e)) return { code: 'UNEXPECTED', message: e instanceof Error ? e.message : String(e) };
  const err = e as ConnectorError;
  const withHint = (code: CheckProblemCode, hint?: string): Problem => ({
    code,
    message: err.message,
    ...((hint ?? err.hint) !== undefined && { hint: hint ?? err.hint }),
    ...(err.data !== undefined && { data: err.data }),
  });
  switch (err.code) {
    case 'TLS_UNTRUSTED':
    case 'TLS_CHANGED':
    case 'WRONG_SYSTEM':
    case 'PLAIN_HTTP':
      return withHint(err.code);
    case 'SAGE300_UNKNOWN_COMPANY':
      return withHint('UNKNOWN_COMPANY');
    case 'SAGE300_UNAUTHORIZED':
    case 'SAGE300_IIS_WINDOWS_AUTH':
      return withHint('AUTH_REJECTED', user === 'ADMIN' ? HINTS.adminBlocked : undefined);
    case 'SAGE300_FORBIDDEN':
      return user === 'ADMIN' ? withHint('AUTH_REJECTED', HINTS.adminBlocked) : withHint('MODULE_FORBIDDEN');
    case 'UNREACHABLE':
    case 'CONNECT_TIMEOUT':
    case 'RESET':
    case 'SAGE300_APP_POOL_STOPPED':
    case 'SAGE300_WRONG_PATH':
      return withHint('UNREACHABLE');
    case 'TIMEOUT':
      return withHint('TIMEOUT', 'The server took too long to answer; the Sage 300 Pool may be starting up (try again) or overloaded.');
    default:
      return withHint(err instanceof ConfigError ? 'UNEXPECTED' : 'UNEXPECTED');
  }
}

export async function checkConnection(config: Sage300Config, ctx: ConnectorContext): Promise<CheckResult> {
  let company: string;
  try {
    company = resolveAddress(config).company;
  } catch (e) {
    const err = e as ConnectorError;
    return { ok: false, summary: err.message, problems: [{ code: 'UNEXPECTED', message: err.message, ...(err.hint && { hint: err.hint }) }] };
  }
  const user = config.user.toUpperCase();
  const first: PasswordCase = config.passwordCase;
  const second: PasswordCase = first === 'exact' ? 'upper' : 'exact';
  const password = ctx.secrets.password ?? '';
  const casings: PasswordCase[] = password.toUpperCase() === password ? [first] : [first, second];

  let accepted: { client: Sage300Client; casing: PasswordCase } | null = null;
  let failure: unknown;
  for (const casing of casings) {
    const client = new Sage300Client(config, ctx, { passwordCase: casing });
    try {
      await probe(client, 'AR/ARCustomers', 'CustomerNumber');
      accepted = { client, casing };
      break;
    } catch (e) {
      await client.close();
      failure = e;
      // Only a credential refusal is worth the second casing; anything else will not change.
      if (!(isConnectorError(e) && e.code === 'SAGE300_UNAUTHORIZED')) break;
    }
  }
  if (!accepted) {
    const problem = problemOf(failure, user);
    const tried = casings.length === 2 ? ' (tried the password as typed and upper-cased)' : '';
    return { ok: false, summary: `Could not connect to Sage 300 company ${company} as ${user}${problem.code === 'AUTH_REJECTED' ? tried : ''}.`, problems: [problem] };
  }

  const problems: Problem[] = [];
  const modules: Record<string, boolean> = { AR: true };
  try {
    for (const m of MODULE_PROBES) {
      try {
        await probe(accepted.client, m.path, m.key);
        modules[m.module] = true;
      } catch (e) {
        modules[m.module] = false;
        problems.push(problemOf(e, user));
      }
    }
  } finally {
    await accepted.client.close();
  }
  const casingText = accepted.casing === 'upper' ? 'password accepted upper-cased' : 'password accepted as typed';
  const missing = Object.entries(modules).filter(([, ok]) => !ok).map(([m]) => m);
  return {
    // AR is what every flow needs; AP/OE gaps are listed for the flows that use them.
    ok: true,
    summary: `Connected to ${company} as ${user} (${casingText})${missing.length ? `; no Web API right for ${missing.join(', ')}` : ''}.`,
    problems,
    learned: { passwordCase: accepted.casing, company, modules },
  };
}
