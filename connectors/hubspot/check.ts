// Test connection for the wizard: tells a rejected token, a missing scope and a subscription that
// lacks a feature apart, and learns the portal id, its time zone (the daily API limit's midnight) and
// the tier from the rate-limit headers.
// Write scopes are probed without writing: an empty batch is refused with 400 after the scope
// check passed, and with 403 MISSING_SCOPES when it did not.
import type { ConnectorError} from '../kit/errors.ts';
import { toConnectorError } from '../kit/errors.ts';
import type { CheckProblemCode, CheckResult } from '../kit/types.ts';
import type { HubSpotClient } from './client.ts';
import { accountDetails } from './schema.ts';
import { ACCOUNT_DETAILS_PATH, zoneFromAnswer, type PortalZone } from './portal-zone.ts';

type Problem = CheckResult['problems'][number];

function problemOf(e: ConnectorError, what: string): Problem {
  const code: CheckProblemCode =
    e.code === 'AUTH_REJECTED' || e.code === 'TOKEN_EXPIRED'
      ? 'AUTH_REJECTED'
      : e.code === 'MISSING_SCOPE'
        ? 'MISSING_SCOPE'
        : e.code === 'WRONG_TIER'
          ? 'WRONG_TIER'
          : e.code === 'TLS_UNTRUSTED' || e.code === 'TLS_CHANGED' || e.code === 'WRONG_SYSTEM' || e.code === 'PLAIN_HTTP'
            ? e.code
            : e.code === 'TIMEOUT' || e.code === 'CONNECT_TIMEOUT'
              ? 'TIMEOUT'
              : e.code === 'UNREACHABLE' || e.code === 'RESET'
                ? 'UNREACHABLE'
                : 'UNEXPECTED';
  return { code, message: what ? `${what}: ${e.message}` : e.message, ...(e.hint && { hint: e.hint }), ...(e.data && { data: e.data }) };
}

/** When the portal's daily API limit resets, as the wizard says it. */
function zoneText(zone: PortalZone | undefined): string {
  if (!zone) return '';
  return zone.note ?? `Its daily API limit resets at midnight ${zone.timeZone} time.`;
}

export function tierFromLimits(burst: number | undefined, daily: number | undefined): string | undefined {
  if (daily !== undefined) {
    if (daily >= 1_000_000) return 'enterprise';
    if (daily >= 500_000) return 'professional';
    if (daily > 0) return 'free-or-starter';
  }
  if (burst !== undefined) return burst >= 150 ? 'professional-or-enterprise' : 'free-or-starter';
  return undefined;
}

export async function checkHubSpot(client: HubSpotClient, objects: readonly string[], signal?: AbortSignal): Promise<CheckResult> {
  const problems: Problem[] = [];
  const learned: Record<string, unknown> = {};
  const opts = { retry: { attempts: 2, baseMs: 200 } as const, ...(signal && { signal }) };
  // The account details first: the portal's id, and its time zone, which places the daily API budget's
  // day (read again on every test, saved for the portal's connections).
  const account = await client.request({ method: 'GET', path: ACCOUNT_DETAILS_PATH, accept: [401, 403, 404], ...opts }).catch(() => null);
  const details = account && account.status === 200 ? accountDetails.safeParse(account.body) : null;
  if (details?.success) learned.portalId = details.data.portalId;
  const zone = account ? zoneFromAnswer(account) : undefined;
  if (zone) {
    await client.usePortalZone(zone);
    learned.timeZone = zone.timeZone;
    if (zone.note) learned.timeZoneNote = zone.note;
  }
  let headers: Headers | undefined;
  try {
    const res = await client.request({ method: 'GET', path: '/crm/v3/objects/companies', query: { limit: 1 }, ...opts });
    headers = res.headers;
  } catch (e) {
    const err = toConnectorError(e, 'hubspot');
    // A missing companies scope is not fatal to the check; anything else at this point is.
    if (err.code !== 'MISSING_SCOPE') return { ok: false, summary: 'Could not connect to HubSpot.', problems: [problemOf(err, '')] };
    problems.push(problemOf(err, 'Reading companies'));
  }
  headers ??= account?.headers;
  const burst = Number(headers?.get('x-hubspot-ratelimit-max') ?? NaN);
  const daily = Number(headers?.get('x-hubspot-ratelimit-daily') ?? NaN);
  if (Number.isFinite(burst)) learned.burstLimit = burst;
  if (Number.isFinite(daily)) learned.dailyLimit = daily;
  const tier = tierFromLimits(Number.isFinite(burst) ? burst : undefined, Number.isFinite(daily) ? daily : undefined);
  if (tier) learned.tier = tier;

  for (const type of objects) {
    const probes: [string, () => Promise<unknown>][] = [
      [`Reading ${type}`, () => client.request({ method: 'GET', path: `/crm/v3/objects/${type}`, query: { limit: 1 }, ...opts })],
      [`Writing ${type}`, () => client.request({ method: 'POST', path: `/crm/v3/objects/${type}/batch/upsert`, json: { inputs: [] }, accept: [400], ...opts })],
      [`Creating ${type} properties`, () => client.request({ method: 'POST', path: `/crm/v3/properties/${type}`, json: {}, accept: [400], ...opts })],
    ];
    for (const [what, probe] of probes) {
      try {
        await probe();
      } catch (e) {
        const err = toConnectorError(e, 'hubspot');
        if (problems.some((p) => p.code === 'WRONG_TIER' && p.message.startsWith(`Reading ${type}`))) break;
        problems.push(problemOf(err, what));
        if (err.code === 'WRONG_TIER') break;
      }
    }
  }
  const ok = problems.length === 0;
  const portal = learned.portalId ? ` portal ${String(learned.portalId)}` : '';
  return {
    ok,
    summary: ok ? `Connected to HubSpot${portal}${tier ? ` (${tier}, ${String(learned.burstLimit ?? '?')} requests per 10 s)` : ''}. ${zoneText(zone)}` : `Connected to HubSpot${portal}, but ${problems.length} problem(s) need attention.`,
    problems,
    learned,
  };
}
