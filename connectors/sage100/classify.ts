// What the agent's §7.6 error codes mean for the engine: every refusal becomes a recovery-typed error
// with the code and a hint for the admin. Unknown bodies fall through to the kit's status rules.
import type { Classifier } from '../kit/classify.ts';
import { retryAfterFrom } from '../kit/classify.ts';
import { AuthError, ConfigError, FatalError, RecordError, RetriableError } from '../kit/errors.ts';

export const SYSTEM = 'sage100';

export const HINTS = {
  apiKey: 'The agent refused the API key. Copy the key printed by `ml-connector sage100-agent --config FILE --issue-key` on the Sage server into the connection.',
  serviceAccount: 'The agent refused the service account. Use DOMAIN\\user and the password of an account listed in the agent configuration (`--set-password`).',
  forbidden: "The service account may not read this company: add the company to the account's list in the agent configuration.",
  company: "Check the company code (3 characters, upper case, e.g. ABC) and that it is in the agent's configuration.",
  odbc: "The agent cannot reach Sage 100 through ODBC: check its DSN or connection string, the Sage user's password, and that the MAS90 share (or the Client/Server ODBC service) is reachable from the agent's server.",
};

export const sage100Classifier: Classifier = (res) => {
  const err = (res.json as { error?: { code?: string; message?: string; retryable?: boolean } } | undefined)?.error;
  if (!err?.code || res.status < 400) return undefined;
  const base = { status: res.status, system: SYSTEM, code: `SAGE100_${err.code.replace(/\./g, '_').toUpperCase()}` };
  const message = `Sage 100 agent answered ${res.status} ${err.code} to ${res.method} ${res.path}: ${err.message ?? ''}`;
  switch (err.code) {
    case 'auth.invalid_agent_key':
      return new AuthError(message, { ...base, hint: HINTS.apiKey });
    case 'auth.invalid_windows_credentials':
      return new AuthError(message, { ...base, hint: HINTS.serviceAccount });
    case 'auth.forbidden':
      return new AuthError(message, { ...base, hint: HINTS.forbidden });
    case 'company.not_found':
      return new ConfigError(message, { ...base, hint: HINTS.company });
    case 'route.not_found':
      return new ConfigError(message, { ...base, hint: 'The address does not reach a Sage 100 agent of this version (https://server:8443).' });
    case 'record.not_found':
    case 'sage.bad_data':
      return new RecordError(message, base);
    case 'request.invalid_parameter':
    case 'request.unknown_field':
    case 'request.cursor_mismatch':
      return new FatalError(message, { ...base, hint: 'The connector and the agent disagree on the contract; update both to the same release.' });
    default: {
      if (err.retryable || res.status >= 500 || res.status === 409 || res.status === 429) {
        const retryAfterMs = retryAfterFrom(res.headers);
        return new RetriableError(message, { ...base, ...(err.code === 'sage.odbc_unavailable' && { hint: HINTS.odbc }), ...(retryAfterMs !== undefined && { retryAfterMs }) });
      }
      return undefined;
    }
  }
};
