// HubSpot's error bodies → recovery-typed errors (the kit's generic rules handle the rest).
// 401: token rejected; 403 MISSING_SCOPES: the private app lacks a scope (hint names it); other 403:
// the subscription lacks the feature; 429 DAILY: stop the run (resumable) — TEN_SECONDLY/SECONDLY:
// retry after the window; 409: unique value; 400 PROPERTY_DOESNT_EXIST: the mapping or setup is wrong.
import type { Classifier, RawResponse } from '../kit/classify.ts';
import { AuthError, ConfigError, FatalError, RecordError, RetriableError } from '../kit/errors.ts';
import { redact } from '../kit/redact.ts';
import { errorBody, type ErrorBody } from './schema.ts';

export const SYSTEM = 'hubspot';

export function parseError(res: Pick<RawResponse, 'json'>): ErrorBody {
  const parsed = errorBody.safeParse(res.json);
  return parsed.success ? parsed.data : {};
}

/** The scopes a 403 MISSING_SCOPES body asks for. */
export function requiredScopes(body: ErrorBody): string[] {
  const out = new Set<string>();
  for (const e of body.errors ?? []) {
    const ctx = e.context ?? {};
    for (const key of ['requiredGranularScopes', 'requiredScopes', 'scopes']) {
      const v = ctx[key];
      if (Array.isArray(v)) for (const s of v) out.add(String(s));
    }
  }
  return [...out];
}

function short(text: string | undefined): string {
  const t = redact(text ?? '');
  return t.length > 400 ? `${t.slice(0, 400)}…` : t;
}

export const hubspotClassifier: Classifier = (res) => {
  const { status } = res;
  if (status < 400) return undefined;
  const body = parseError(res);
  const where = `${res.method} ${res.path}`;
  const data = body.correlationId ? { correlationId: body.correlationId } : undefined;
  const base = { status, system: SYSTEM, ...(data && { data }) };
  if (status === 401) {
    const expired = body.category === 'EXPIRED_AUTHENTICATION';
    return new AuthError(`HubSpot rejected the access token (${body.category ?? '401'}) on ${where}.`, {
      ...base,
      code: expired ? 'TOKEN_EXPIRED' : 'AUTH_REJECTED',
      hint: expired
        ? 'The HubSpot token expired; reconnect the HubSpot account.'
        : 'Check the HubSpot private app access token in the connection settings: it is wrong, was rotated, or the app was deleted (Settings › Integrations › Private apps).',
    });
  }
  if (status === 403) {
    if (body.category === 'MISSING_SCOPES') {
      const scopes = requiredScopes(body);
      return new AuthError(`The HubSpot private app lacks a scope needed for ${where}${scopes.length ? `: ${scopes.join(', ')}` : ''}.`, {
        ...base,
        code: 'MISSING_SCOPE',
        hint: `Add ${scopes.length ? scopes.join(', ') : 'the missing scope'} to the private app's scopes in HubSpot, then save.`,
        data: { ...data, scopes },
      });
    }
    return new ConfigError(`HubSpot refused ${where}: ${short(body.message)}`, {
      ...base,
      code: 'WRONG_TIER',
      hint: 'This HubSpot account’s subscription does not include this feature (invoices and payments need a paid Commerce Hub).',
    });
  }
  if (status === 429) {
    if (body.policyName === 'DAILY') {
      return new FatalError('HubSpot’s daily API limit for this account is spent.', {
        ...base,
        code: 'DAILY_LIMIT',
        hint: 'The run resumes where it stopped after the daily limit resets at midnight in the account’s time zone.',
      });
    }
    const interval = Number(res.headers.get('x-hubspot-ratelimit-interval-milliseconds') ?? NaN);
    const retryAfter = Number(res.headers.get('retry-after') ?? NaN);
    const retryAfterMs = Number.isFinite(retryAfter) ? retryAfter * 1000 : body.policyName === 'SECONDLY' || body.message === 'You have reached your secondly limit.' ? 1000 : Number.isFinite(interval) ? interval : 10_000;
    return new RetriableError(`HubSpot rate limit reached (${body.policyName ?? 'unknown policy'}) on ${where}.`, { ...base, code: 'RATE_LIMITED', retryAfterMs });
  }
  if (status === 409) {
    return new RecordError(`HubSpot: ${short(body.message)}`, { ...base, code: 'HUBSPOT_UNIQUE_VALUE', hint: 'Another HubSpot record already holds this unique value; merge or fix the duplicate.' });
  }
  if (status === 400 && (body.errors ?? []).some((e) => e.code === 'PROPERTY_DOESNT_EXIST')) {
    const names = (body.errors ?? []).filter((e) => e.code === 'PROPERTY_DOESNT_EXIST').map((e) => e.in).filter(Boolean);
    return new ConfigError(`HubSpot has no property ${names.join(', ')} (${where}).`, { ...base, code: 'PROPERTY_MISSING', hint: 'Create the property in HubSpot (or run setup again) or fix the field mapping.', data: { ...data, properties: names } });
  }
  if (status === 400 || status === 404) {
    return new RecordError(`HubSpot ${status} ${body.category ?? ''} on ${where}: ${short(body.message)}`.replace(/\s+/g, ' '), { ...base, code: status === 404 ? 'NOT_FOUND' : 'HUBSPOT_VALIDATION' });
  }
  return undefined;
};
