// Zoho's error bodies (spec §2.5, §5) as recovery-typed errors: `{code, details, message, status}`.
import { retryAfterFrom, type Classifier } from '../kit/classify.ts';
import { AuthError, ConfigError, RecordError, RetriableError } from '../kit/errors.ts';
import { redact } from '../kit/redact.ts';

const body = (json: unknown): { code?: string; message?: string; details?: Record<string, unknown> } =>
  json && typeof json === 'object' && !Array.isArray(json) ? (json as { code?: string; message?: string; details?: Record<string, unknown> }) : {};

export const zohoClassifier: Classifier = (res, system) => {
  if (res.status < 400) return undefined;
  const b = body(res.json);
  const code = typeof b.code === 'string' ? b.code : undefined;
  if (!code) return undefined;
  const where = `${res.method} ${res.path}`;
  const message = `Zoho CRM answered ${res.status} ${code} to ${where}: ${redact(String(b.message ?? ''))}`;
  const base = { status: res.status, system, code: `ZOHO_${code}`, data: { zohoCode: code, ...(b.details && { details: redactDetails(b.details) }) } };
  switch (code) {
    case 'INVALID_TOKEN':
    case 'AUTHENTICATION_FAILURE':
      return new AuthError(message, { ...base, hint: 'The access token was refused after a refresh: reconnect Zoho CRM (the refresh token may be revoked).' });
    case 'OAUTH_SCOPE_MISMATCH':
      return new AuthError(message, { ...base, hint: 'Create the refresh token with the scopes ZohoCRM.modules.ALL, ZohoCRM.settings.ALL, ZohoCRM.users.READ, ZohoCRM.org.READ and ZohoCRM.notifications.ALL.' });
    case 'INVALID_MODULE':
    case 'FEATURE_NOT_SUPPORTED':
      return new ConfigError(message, { ...base, hint: 'This Zoho CRM edition does not offer that module; the flows using it cannot run (upgrade the edition or turn the flow off).' });
    case 'NO_PERMISSION':
      return new AuthError(message, { ...base, hint: 'The Zoho user who created the refresh token lacks permission for this module.' });
    case 'TOO_MANY_REQUESTS': {
      const retryAfterMs = retryAfterFrom(res.headers);
      return new RetriableError(message, { ...base, ...(retryAfterMs !== undefined && { retryAfterMs }), hint: 'Zoho refused for API credits (rolling 24 h) or concurrency; the run waits and continues.' });
    }
    case 'INTERNAL_ERROR':
      return new RetriableError(message, base);
    case 'REQUIRED_PARAM_MISSING':
    case 'INVALID_URL_PATTERN':
    case 'API_NOT_SUPPORTED':
    case 'DISCRETE_PAGINATION_LIMIT_EXCEEDED':
      return new ConfigError(message, { ...base, hint: 'ml-connector sent a request Zoho does not accept; update ml-connector.' });
    default:
      return res.status === 429 || res.status >= 500 ? new RetriableError(message, base) : new RecordError(message, base);
  }
};

/** Details name fields and paths; values could be customer data, so only known keys are kept. */
function redactDetails(details: Record<string, unknown>): Record<string, unknown> {
  const keep = ['api_name', 'json_path', 'param', 'param_name', 'expected_data_type', 'maximum_length', 'limit', 'supported_version', 'required_scope'];
  return Object.fromEntries(Object.entries(details).filter(([k]) => keep.includes(k)));
}
