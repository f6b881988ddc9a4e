// Test connection: tells apart the agent unreachable, its certificate untrusted or changed (with the
// fingerprint seen, to compare with what the agent printed), a bad API key, a bad service account, an
// unknown company, and ODBC down behind a running agent. One attempt per call, no retries.
import { isConnectorError, type ConnectorError } from '../kit/errors.ts';
import type { CheckResult, ConnectorContext } from '../kit/types.ts';
import { HINTS } from './classify.ts';
import { Sage100Client } from './client.ts';
import type { Sage100Config } from './config.ts';

type Problem = CheckResult['problems'][number];

function problemOf(e: unknown, config: Sage100Config): Problem {
  if (!isConnectorError(e)) return { code: 'UNEXPECTED', message: e instanceof Error ? e.message : String(e) };
  const err = e as ConnectorError;
  const hint = err.hint;
  const withHint = (p: Problem): Problem => ({ ...p, ...(hint && !p.hint && { hint }) });
  switch (err.code) {
    case 'TLS_CHANGED':
    case 'TLS_UNTRUSTED':
      return withHint({ code: err.code, message: `${err.message} (agent ${config.url})`, data: { url: config.url, ...err.data } });
    case 'UNREACHABLE':
    case 'CONNECT_TIMEOUT':
    case 'RESET':
      return { code: 'UNREACHABLE', message: `The Sage 100 agent at ${config.url} cannot be reached: ${err.message}`, hint: 'Check that the agent service runs on the Sage server, the address and port (default 8443), and that the firewall allows this computer.' };
    case 'TIMEOUT':
    case 'SAGE100_SAGE_TIMEOUT':
      return withHint({ code: 'TIMEOUT', message: err.message });
    case 'SAGE100_AUTH_INVALID_AGENT_KEY':
      return { code: 'AUTH_REJECTED', message: 'The agent refused the API key.', hint: HINTS.apiKey, data: { credential: 'apiKey' } };
    case 'SAGE100_AUTH_INVALID_WINDOWS_CREDENTIALS':
      return { code: 'AUTH_REJECTED', message: `The agent refused the service account ${config.user}.`, hint: HINTS.serviceAccount, data: { credential: 'serviceAccount' } };
    case 'SAGE100_AUTH_FORBIDDEN':
      return { code: 'MODULE_FORBIDDEN', message: `The service account ${config.user} may not read company ${config.companyCode}.`, hint: HINTS.forbidden };
    case 'SAGE100_COMPANY_NOT_FOUND':
      return { code: 'UNKNOWN_COMPANY', message: `The agent does not serve company ${config.companyCode}.`, hint: HINTS.company };
    case 'SAGE100_SAGE_ODBC_UNAVAILABLE':
      return { code: 'SOURCE_UNAVAILABLE', message: `The agent runs, but cannot read company ${config.companyCode} through ODBC: ${err.message}`, hint: HINTS.odbc };
    default:
      return withHint({ code: 'UNEXPECTED', message: err.message });
  }
}

export async function checkConnection(config: Sage100Config, ctx: ConnectorContext): Promise<CheckResult> {
  const client = new Sage100Client(config, ctx, { attempts: 1 });
  try {
    const companies = await client.get<{ data: { CompanyCode: string; CompanyName: string }[] }>('/v1/companies');
    const company = companies.data.find((c) => c.CompanyCode === config.companyCode);
    if (!company) {
      const served = companies.data.map((c) => c.CompanyCode);
      // Either not configured in the agent or not allowed for this account: the company path tells which.
      await client.get(client.company('customers'), { limit: 1, fields: 'CustomerNo' });
      return { ok: false, summary: `Company ${config.companyCode} is not available`, problems: [{ code: 'UNKNOWN_COMPANY', message: `The agent serves ${served.join(', ') || 'no company'} to this account.`, hint: HINTS.company }] };
    }
    await client.get(client.company('customers'), { limit: 1, fields: 'CustomerNo' });
    return { ok: true, summary: `Connected to Sage 100 company ${company.CompanyCode} (${company.CompanyName}) through the agent at ${config.url}`, problems: [], learned: { companyName: company.CompanyName } };
  } catch (e) {
    const problem = problemOf(e, config);
    return { ok: false, summary: problem.message, problems: [problem] };
  } finally {
    await client.close();
  }
}
