// What Sage 300's answers mean, plugged into the kit's one classifier (kit/classify.ts): the Web API's
// CamelCase `error.code` decides (spec §6.2), IIS's HTML pages are recognised by status and headers,
// and every refusal says what the admin should change.
import { bodyMessage, type Classifier, type RawResponse } from '../kit/classify.ts';
import { AuthError, ConfigError, FatalError, RecordError, RetriableError, type ConnectorError } from '../kit/errors.ts';

export const SYSTEM = 'sage300';

export const HINTS = {
  unauthorized:
    'Sage 300 compares credentials exactly: the user ID must be upper-case (ml-connector sends it so) and the password in the casing the server stores (try the other "Password casing" setting). ' +
    'The user needs a security group with the "Sage 300 Web API" right for each module (Administrative Services → Security Groups, then User Authorizations). ' +
    'ADMIN has no Web API access by default: use a dedicated user such as WEBAPI, or set AllowWebApiAccessForAdmin=true in both web.config files (Online\\Web and Online\\WebApi) and restart the Sage 300 Pool.',
  adminBlocked:
    'ADMIN is blocked from the Web API by default. Use a dedicated user such as WEBAPI, or add <add key="AllowWebApiAccessForAdmin" value="true" /> to both web.config files (Online\\Web and Online\\WebApi) and restart the Sage 300 Pool.',
  windowsAuth:
    'IIS answered with its own Windows-authentication challenge: in IIS Manager → Sage300WebApi → Authentication, enable Anonymous Authentication and disable Windows/Basic authentication (the Web API checks Basic credentials itself).',
  forbidden: (module: string) =>
    `Give the user a security group with the "Sage 300 Web API" right for ${module} (Administrative Services → Security Groups, then User Authorizations for the ${module} application), plus the ordinary ${module} rights for the data.`,
  unknownCompany: 'Check the company Org ID (Database Setup, at most 6 characters, e.g. SAMINC) and that the company database is reachable from the Web API server.',
  appPoolStopped: 'IIS answers 503: the "Sage 300 Pool" application pool is stopped (often rapid-fail protection after crashes). Start it in IIS Manager → Application Pools.',
  wrongPath: 'The address does not reach the Sage 300 Web API; it normally ends in /Sage300WebApi (the IIS application installed with the Web Screens).',
  iisTimeout:
    'Even small pages time out. In IIS Manager raise the request limits of the Sage300WebApi site (Advanced Settings → Limits → Connection Time-out, default 120 s) and executionTimeout of <httpRuntime> in Online\\WebApi\\web.config; check that the Sage 300 Pool is not recycling (Application Pools → Sage 300 Pool → Advanced Settings → Recycling / Rapid-Fail Protection); or lower PageSize in Online\\WebApi\\web.config.',
  dayEnd: 'Day End Processing is running on the Sage 300 server; the record is retried after it finishes.',
};

/** Day End Processing blocks transaction inserts; it runs for minutes, not seconds. */
export const DAY_END_RETRY_MS = 10 * 60_000;

export function sageError(res: Pick<RawResponse, 'json'>): { code: string; message: string } | undefined {
  const err = (res.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (!err || typeof err.code !== 'string') return undefined;
  const m = err.message as { value?: unknown } | string | undefined;
  return { code: err.code, message: typeof m === 'string' ? m : typeof m?.value === 'string' ? m.value : '' };
}

/** The module segment (`AR`, `AP`, `OE`) of a Web API path. */
export function moduleOf(path: string): string {
  return /\/v1\.0\/-\/[^/]+\/([A-Za-z]{2})\//i.exec(path)?.[1]?.toUpperCase() ?? '?';
}

const isHtml = (res: RawResponse) => /html/i.test(res.headers.get('content-type') ?? '') || /^\s*</.test(res.text);

export const sage300Classifier: Classifier = (res: RawResponse): ConnectorError | 'ok' | undefined => {
  const { status } = res;
  if (status >= 200 && status < 300) return undefined;
  const sage = sageError(res);
  const base = { status, system: SYSTEM };
  const detail = bodyMessage(res);
  const what = `Sage 300 answered ${status} to ${res.method} ${res.path}${detail ? `: ${detail}` : ''}`;
  const code = sage?.code;

  if (status === 401) {
    const challenge = res.headers.get('www-authenticate') ?? '';
    if (!sage && /negotiate|ntlm/i.test(challenge)) return new ConfigError(what, { ...base, code: 'SAGE300_IIS_WINDOWS_AUTH', hint: HINTS.windowsAuth });
    return new AuthError(what, { ...base, code: 'SAGE300_UNAUTHORIZED', hint: HINTS.unauthorized });
  }
  if (status === 403) {
    const module = moduleOf(res.path);
    return new AuthError(what, { ...base, code: 'SAGE300_FORBIDDEN', hint: HINTS.forbidden(module), data: { module } });
  }
  if (code === 'DBLinkError' || code === 'SessionError') {
    return new ConfigError(what, { ...base, code: 'SAGE300_UNKNOWN_COMPANY', hint: HINTS.unknownCompany, data: { sageCode: code } });
  }
  if (status === 503) return new RetriableError(what, { ...base, code: 'SAGE300_APP_POOL_STOPPED', hint: HINTS.appPoolStopped });
  if (status === 429 || code === 'TooManyRequests') return new RetriableError(what, { ...base, code: 'RATE_LIMITED' });
  if (status === 409 && /day\s*end/i.test(sage?.message ?? res.text)) {
    return new RetriableError(what, { ...base, code: 'SAGE300_DAY_END', retryAfterMs: DAY_END_RETRY_MS, hint: HINTS.dayEnd });
  }
  if (status === 409) return new RecordError(what, { ...base, code: 'SAGE300_RECORD_DUPLICATE', data: { sageCode: code } });
  if (status === 500 && isHtml(res)) {
    // ASP.NET's "Request timed out" page: the page took longer than IIS allows.
    return new RetriableError(what, { ...base, code: /timed out/i.test(res.text) ? 'SAGE300_PAGE_TIMEOUT' : 'HTTP_500' });
  }
  if (status === 404 && !sage && isHtml(res)) return new ConfigError(what, { ...base, code: 'SAGE300_WRONG_PATH', hint: HINTS.wrongPath });
  if (code === 'ResourceNotFound') {
    return new ConfigError(what, { ...base, code: 'SAGE300_RESOURCE_NOT_FOUND', hint: 'This Sage 300 version or installation does not offer this resource; check that the module is activated for the company.' });
  }
  if (code === 'RecordNotFound') return new RecordError(what, { ...base, code: 'SAGE300_RECORD_NOT_FOUND' });
  if (status === 405) return new FatalError(what, { ...base, code: 'SAGE300_METHOD_NOT_ALLOWED' });
  if (status === 400 && res.method === 'GET') {
    // A query the server refuses is a connector/version problem, not a record's.
    return new FatalError(what, { ...base, code: 'SAGE300_INVALID_PARAMETERS', data: { sageCode: code, message: detail } });
  }
  if (status === 400 || status === 422) {
    return new RecordError(what, { ...base, code: code ? `SAGE300_${code.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}` : 'VALIDATION', data: { sageCode: code } });
  }
  return undefined;
};
