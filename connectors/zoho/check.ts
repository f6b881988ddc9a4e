// Test connection for the wizard (issue #17): tells apart a revoked or wrong refresh token, a wrong
// client or data centre, missing scopes, a missing unique external-id field (with how to add it) and
// an edition without a module the flows need. Learns the org's edition-dependent modules.
import { toConnectorError, type ConnectorError } from '../kit/errors.ts';
import type { CheckProblemCode, CheckResult } from '../kit/types.ts';
import type { ZohoClient } from './client.ts';
import { DATA_CENTRES, type DataCentre } from './datacentres.ts';
import { listFields, listModules, listPage } from './records.ts';

type Problem = CheckResult['problems'][number];

/** Modules whose records we key by the external-id field. */
const KEYED = ['Accounts', 'Contacts', 'Vendors', 'Deals'];

/** The DC whose API domain is this host, for "you picked the wrong data centre". */
function dataCentreOfHost(host: string): DataCentre | undefined {
  return (Object.keys(DATA_CENTRES) as DataCentre[]).find((dc) => host.endsWith(`.zohoapis.${DATA_CENTRES[dc].tld}`));
}

function tokenProblem(e: ConnectorError, client: ZohoClient): Problem {
  const dc = client.config.dataCentre;
  if (e.code === 'OAUTH_REJECTED' && /invalid_client/.test(e.message)) {
    return {
      code: 'AUTH_REJECTED',
      message: `Zoho's ${dc} accounts server does not know this client (invalid_client).`,
      hint: `Check the client id and secret, and the data centre: a client made at api-console.zoho.eu only works with the EU accounts server (${DATA_CENTRES.EU.accounts}), and so on.`,
      data: { diagnosis: 'WRONG_CLIENT_OR_DATA_CENTRE', dataCentre: dc },
    };
  }
  if (e.code === 'OAUTH_REJECTED') {
    return {
      code: 'AUTH_REJECTED',
      message: 'Zoho refused the refresh token: it was revoked, has expired, or belongs to another client.',
      hint: 'Create a new one: api-console.zoho.com › your Self Client › Generate Code (with the scopes below), then exchange the code for a refresh token and paste it here.',
      data: { diagnosis: 'REFRESH_TOKEN_REJECTED' },
    };
  }
  if (e.code === 'HOST_NOT_ALLOWED') {
    const origin = String(e.data?.origin ?? e.data?.host ?? '');
    const host = /^https?:\/\//.test(origin) ? new URL(origin).hostname : origin;
    const right = dataCentreOfHost(host);
    // Not another Zoho data centre: a host this connection does not trust at all; say so as the kit did.
    if (!right) return { code: 'UNEXPECTED', message: e.message, ...(e.hint && { hint: e.hint }), data: { diagnosis: 'HOST_NOT_ALLOWED', ...(origin && { origin }) } };
    return {
      code: 'AUTH_REJECTED',
      message: `The token answer routes API calls to ${host || 'another host'}, which is not the ${dc} data centre.`,
      hint: right ? `Choose the ${right} data centre for this connection.` : 'Choose the data centre your Zoho account lives in.',
      data: { diagnosis: 'WRONG_DATA_CENTRE', ...(right && { suggested: right }) },
    };
  }
  if (e.code === 'OAUTH_THROTTLED' || e.code === 'OAUTH_REFRESH_BUDGET') {
    return { code: 'AUTH_REJECTED', message: e.message, hint: e.hint ?? 'Wait ten minutes and test again.', data: { diagnosis: 'REFRESH_THROTTLED' } };
  }
  return problemOf(e, 'Getting an access token');
}

function problemOf(e: ConnectorError, what: string): Problem {
  const code: CheckProblemCode =
    e.code === 'ZOHO_OAUTH_SCOPE_MISMATCH' ? 'MISSING_SCOPE'
    : e.code === 'ZOHO_INVALID_TOKEN' || e.code === 'ZOHO_AUTHENTICATION_FAILURE' ? 'AUTH_REJECTED'
    : e.code === 'TIMEOUT' || e.code === 'CONNECT_TIMEOUT' ? 'TIMEOUT'
    : e.code === 'UNREACHABLE' || e.code === 'RESET' ? 'UNREACHABLE'
    : e.code === 'TLS_UNTRUSTED' || e.code === 'TLS_CHANGED' ? e.code
    : 'UNEXPECTED';
  return { code, message: `${what}: ${e.message}`, ...(e.hint && { hint: e.hint }), ...(e.data && { data: e.data }) };
}

export async function checkZoho(client: ZohoClient, signal?: AbortSignal): Promise<CheckResult> {
  const problems: Problem[] = [];
  const config = client.config;
  let apiDomain: string;
  try {
    apiDomain = await client.apiDomain(signal);
  } catch (e) {
    const p = tokenProblem(toConnectorError(e, 'zoho'), client);
    return { ok: false, summary: p.message, problems: [p] };
  }

  let available: Set<string>;
  try {
    const modules = await listModules(client, signal);
    available = new Set(modules.filter((m) => m.api_supported !== false).map((m) => m.api_name));
  } catch (e) {
    const p = problemOf(toConnectorError(e, 'zoho'), 'Reading the module list');
    return { ok: false, summary: p.message, problems: [p] };
  }
  const missing = config.modules.filter((m) => !available.has(m));
  for (const m of missing) {
    problems.push({
      code: 'WRONG_TIER',
      message: `This Zoho CRM edition has no ${m} module.`,
      hint: `${m} comes with a paid edition (Professional and above for the inventory modules); the flows that use it stay off until the edition has it.`,
      data: { diagnosis: 'MODULE_NOT_IN_EDITION', module: m },
    });
  }

  for (const module of config.modules.filter((m) => available.has(m))) {
    try {
      // Reading one record proves the module scope (fields and settings are separate scopes).
      await listPage(client, module, { fields: ['id'], perPage: 1, ...(signal && { signal }) });
      if (!KEYED.includes(module)) continue;
      const fields = await listFields(client, module, signal);
      const key = fields.find((f) => f.api_name === config.externalIdField);
      if (!key || key.unique === undefined || key.unique === null || key.unique === false) {
        problems.push({
          code: 'MISSING_FIELD',
          message: key ? `${module}.${config.externalIdField} exists but allows duplicate values.` : `${module} has no field ${config.externalIdField}.`,
          hint: `In Zoho CRM: Setup › Customization › Modules and Fields › ${module} › Standard layout: add a Single Line field labelled "External Id" (API name ${config.externalIdField}), tick "Do not allow duplicate values", save.`,
          data: { diagnosis: 'MISSING_EXTERNAL_ID', module, field: config.externalIdField },
        });
      }
    } catch (e) {
      problems.push(problemOf(toConnectorError(e, 'zoho'), `Reading ${module}`));
    }
  }
  let edition: Awaited<ReturnType<ZohoClient['edition']>> | undefined;
  try {
    edition = await client.edition(signal);
  } catch {
    // The org call needs ZohoCRM.org.READ; without it the wizard just learns less.
  }
  const ok = problems.length === 0;
  return {
    ok,
    summary: ok ? `Connected to Zoho CRM (${config.dataCentre}) at ${new URL(apiDomain).host}; modules ${config.modules.join(', ')}.` : (problems[0]?.message ?? 'Zoho CRM is not ready.'),
    problems,
    learned: { apiDomain, ...(edition && { edition: edition.edition, licences: edition.licences, creditsPerDay: config.creditsPerDay ?? edition.creditsPerDay }), modules: [...available].filter((m) => (['Accounts', 'Contacts', 'Vendors', 'Deals', 'Products', 'Sales_Orders', 'Invoices'] as string[]).includes(m)) },
  };
}
