// What the Service Layer's answers mean, plugged into the kit's one classifier: the error envelope in
// either shape (numeric or string `code`, `{lang, value}` or plain message — both occur on v1 and v2,
// spec §2.5, §6.1) decides, and every refusal says what the admin should change.
import { bodyMessage, type Classifier, type RawResponse } from '../kit/classify.ts';
import { AuthError, ConfigError, FatalError, RecordError, RetriableError, type ConnectorError } from '../kit/errors.ts';

export const SYSTEM = 'sapb1';

export const HINTS = {
  loginFailed: 'Check the user name and password (B1 passwords are case-sensitive). If they are right, the user may have no licence that allows Service Layer logins: assign one in Administration › License › License Administration.',
  locked: 'The B1 user is locked (too many failed logins or locked by an administrator). Unlock it in Administration › Setup › General › Users, or with the superuser.',
  noLicense: 'The user has no licence that allows Service Layer access. In Administration › License › License Administration assign it a Professional, Limited (CRM/Financial/Logistics) or Indirect Access licence.',
  unknownCompany: "The company database is not known to the SLD. Check its exact name (e.g. SBODEMOUS) in the System Landscape Directory and that it is bound to this Service Layer's database server.",
  balancer: 'The Service Layer load balancer could not reach a node (502/503); retried. If it persists, restart the Service Layer service and check the node ports (e.g. 50001–50003).',
};

export interface SlError {
  code: string;
  message: string;
}

/** `error.code` as a string and `error.message` as text, whichever shape the server used. */
export function slError(json: unknown): SlError | undefined {
  const err = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (!err || (typeof err.code !== 'number' && typeof err.code !== 'string')) return undefined;
  const m = err.message as { value?: unknown } | string | undefined;
  return { code: String(err.code), message: typeof m === 'string' ? m : typeof m?.value === 'string' ? m.value : '' };
}

const isLogin = (res: RawResponse) => /\/Login$/.test(res.path.split('?')[0] ?? '');

export const sapb1Classifier: Classifier = (res: RawResponse): ConnectorError | 'ok' | undefined => {
  const { status } = res;
  if (status >= 200 && status < 300) return undefined;
  const sl = slError(res.json);
  const base = { status, system: SYSTEM };
  const detail = sl?.message || bodyMessage(res);
  const what = `SAP Business One answered ${status} to ${res.method} ${res.path.split('?')[0]}${detail ? `: ${detail}` : ''}`;
  const code = sl?.code;
  const data = code ? { slCode: code } : undefined;

  if (isLogin(res)) {
    if (code === '100000027') return new AuthError(what, { ...base, code: 'SAPB1_LOGIN_FAILED', hint: HINTS.loginFailed, data });
    if (code === '100000055') return new AuthError(what, { ...base, code: 'SAPB1_USER_LOCKED', hint: HINTS.locked, data });
    if (/licen[cs]e/i.test(detail)) return new AuthError(what, { ...base, code: 'SAPB1_NO_LICENSE', hint: HINTS.noLicense, data });
    if (/SLD|company|database/i.test(detail)) return new ConfigError(what, { ...base, code: 'SAPB1_UNKNOWN_COMPANY', hint: HINTS.unknownCompany, data });
    if (status === 401) return new AuthError(what, { ...base, code: 'SAPB1_LOGIN_FAILED', hint: HINTS.loginFailed, data });
  }
  // A dead session: 401 with 301 (number or string); some servers send -5002 with a 401 for it. A 400
  // with -5002 is SAP's generic validation error and never means the session.
  if (status === 401 && (code === '301' || code === '-5002' || code === undefined)) {
    return new AuthError(what, { ...base, code: 'SESSION_EXPIRED', data });
  }
  if (status === 401 || status === 403) return new AuthError(what, { ...base, code: 'SAPB1_FORBIDDEN', data });
  if (status === 502 || status === 503 || status === 504) return new RetriableError(what, { ...base, code: `HTTP_${status}`, hint: HINTS.balancer });
  if (status === 404 && code === '-2028') return new RecordError(what, { ...base, code: 'SAPB1_NOT_FOUND', data });
  if (status === 404) return new ConfigError(what, { ...base, code: 'SAPB1_WRONG_PATH', hint: 'The address must be the Service Layer root ending in /b1s/v1 or /b1s/v2 (paths are case-sensitive).', data });
  if (status === 412) return new RecordError(what, { ...base, code: 'SAPB1_ETAG_MISMATCH', data });
  if (status === 400 && res.method === 'GET') return new FatalError(what, { ...base, code: 'SAPB1_BAD_QUERY', data });
  if (status === 400) return new RecordError(what, { ...base, code: `SAPB1_${code ?? 'VALIDATION'}`, data });
  return undefined;
};
