// "Test connection": logs in and reads one customer, telling apart an unreachable host, a certificate not
// trusted (fingerprint shown, trusted by pinning), an unknown company database, a wrong user or password
// (100000027), a locked user (100000055) and a user without a licence (undocumented answer: recognised
// by its message, and named in the wrong-password hint since some servers answer 100000027 for it).
import { isConnectorError, type ConnectorError } from '../kit/errors.ts';
import type { CheckProblemCode, CheckResult, ConnectorContext } from '../kit/types.ts';
import { HINTS } from './classify.ts';
import { SapB1Client } from './client.ts';
import type { SapB1Config } from './config.ts';

type Problem = CheckResult['problems'][number];

function problemOf(e: unknown): Problem {
  if (!isConnectorError(e)) return { code: 'UNEXPECTED', message: e instanceof Error ? e.message : String(e) };
  const err = e as ConnectorError;
  const as = (code: CheckProblemCode, hint?: string): Problem => ({
    code, message: err.message, ...((hint ?? err.hint) !== undefined && { hint: hint ?? err.hint }), ...(err.data !== undefined && { data: { ...err.data, reason: err.code } }),
  });
  switch (err.code) {
    case 'TLS_UNTRUSTED':
    case 'TLS_CHANGED':
      return as(err.code, err.hint ?? 'The Service Layer uses a certificate this computer does not trust (the installer makes a self-signed one). Compare the fingerprint with the server\'s ServiceLayer/conf/server.crt and pin it, or install a certificate from your CA.');
    case 'SAPB1_UNKNOWN_COMPANY':
      return as('UNKNOWN_COMPANY', HINTS.unknownCompany);
    case 'SAPB1_LOGIN_FAILED':
      return as('AUTH_REJECTED', HINTS.loginFailed);
    case 'SAPB1_USER_LOCKED':
      return as('AUTH_REJECTED', HINTS.locked);
    case 'SAPB1_NO_LICENSE':
      return as('AUTH_REJECTED', HINTS.noLicense);
    case 'SAPB1_FORBIDDEN':
      return as('MODULE_FORBIDDEN', 'The user may not read business partners; give it read authorization for Business Partners, A/R Invoices and Incoming Payments.');
    case 'UNREACHABLE':
    case 'CONNECT_TIMEOUT':
    case 'RESET':
    case 'HTTP_502':
    case 'HTTP_503':
    case 'HTTP_504':
      return as('UNREACHABLE', err.hint ?? 'Nothing answers at this address: check the host and port (50000 by default), that the Service Layer service runs, and the firewall.');
    case 'SAPB1_WRONG_PATH':
      return as('UNREACHABLE');
    case 'TIMEOUT':
      return as('TIMEOUT', 'The Service Layer took too long to answer; it may be starting up or overloaded.');
    default:
      return as('UNEXPECTED');
  }
}

export async function checkConnection(config: SapB1Config, ctx: ConnectorContext): Promise<CheckResult> {
  const client = new SapB1Client(config, ctx, { retry: { attempts: 1 } });
  try {
    const session = await client.auth.session(ctx.signal);
    await client.request({ method: 'GET', path: 'BusinessPartners', query: { $top: 1, $select: 'CardCode' }, responseType: 'json', retry: false });
    const version = session.data.version;
    return {
      ok: true,
      summary: `Connected to ${config.companyDB} as ${config.user} (Service Layer ${client.version}${version ? `, version ${version}` : ''}, session timeout ${session.data.timeoutMinutes} min).`,
      problems: [],
      learned: { serviceLayerVersion: version ?? null, sessionTimeoutMinutes: session.data.timeoutMinutes },
    };
  } catch (e) {
    const problem = problemOf(e);
    return { ok: false, summary: `Could not connect to SAP Business One company ${config.companyDB} as ${config.user}.`, problems: [problem] };
  } finally {
    await client.close();
  }
}
