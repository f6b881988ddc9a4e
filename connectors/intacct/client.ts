// The gateway client: XML requests over the kit's HTTP client (retries with backoff and jitter for 5xx,
// 524 and timeouts), a shared session renewed transparently, and gateway errors turned into the kit's
// recovery-typed errors with the fix in plain words.
//
// Endpoint rule (spec §3, §13): getAPISession names an endpoint on *.intacct.com. We follow it only when
// the connection itself points at an intacct.com gateway; a connection to a proxy or the sandbox keeps
// its own URL, so no request ever leaves the host the admin configured.
import { AuthError, ConfigError, FatalError, RetriableError } from '../kit/errors.ts';
import { hostAllowed, hostOf } from '../kit/hosts.ts';
import { createHttpClient, type HttpClient } from '../kit/http.ts';
import { secretFilter } from '../kit/redact.ts';
import type { RetryOptions } from '../kit/retry.ts';
import type { ConnectorContext } from '../kit/types.ts';
import { SECRET_SENDER_PASSWORD, SECRET_USER_PASSWORD, type IntacctConfig } from './config.ts';
import { buildEnvelope, describeErrors, parseResponse, type FunctionResult, type GatewayError, type GatewayResponse } from './envelope.ts';
import { SessionAuth, type Session, type SessionGrant } from '../kit/auth/session.ts';
import { child, el, type XmlTreeElement } from '../kit/formats/xml-tree.ts';
import { randomUUID } from 'node:crypto';

export const INTACCT_HOSTS = ['*.intacct.com'];

export interface ClientOptions {
  retry?: RetryOptions | false;
  readTimeoutMs?: number;
}

/** What getAPISession taught: the session id and the endpoint Intacct wants its requests sent to. */
export interface ApiSession {
  id: string;
  endpoint: string;
}

export interface Call {
  /** The function's controlid: stable per source record and operation for writes (idempotent replays). */
  controlId?: string;
  body: XmlTreeElement;
}

/** Why the gateway refused a sign-in, in the words an admin can act on. */
export function signInError(errors: GatewayError[], config: Pick<IntacctConfig, 'companyId' | 'userId' | 'entityId' | 'senderId'>, level: 'control' | 'authentication'): AuthError {
  const detail = describeErrors(errors);
  const text = errors.map((e) => `${e.description} ${e.description2}`).join(' ');
  if (level === 'control' || /Partner ID|XMLGW_JPP0002/i.test(`${text} ${errors.map((e) => e.errorno).join(' ')}`)) {
    return new AuthError(`Intacct refused the Web Services sender ${config.senderId}: ${detail}`, {
      code: 'SENDER_REJECTED', system: 'intacct',
      hint: 'Check the Web Services sender ID and sender password (both case-sensitive). They come from your Intacct Web Services subscription, not from the company user.',
    });
  }
  if (/Web Services Authorization|not authorized to make Web Services/i.test(text)) {
    return new AuthError(`The sender ${config.senderId} is not authorised for company ${config.companyId}: ${detail}`, {
      code: 'SENDER_NOT_AUTHORIZED', system: 'intacct',
      hint: `In Intacct, as a company administrator open Company → Setup → Company → Security → Web Services authorizations and add the sender ID ${config.senderId}.`,
    });
  }
  if (/entity|location/i.test(text)) {
    return new AuthError(`Intacct refused the entity ${config.entityId}: ${detail}`, {
      code: 'UNKNOWN_ENTITY', system: 'intacct',
      hint: 'Check the entity (location) ID, or leave it empty to sign in at the top level; the user also needs access to that entity.',
    });
  }
  if (/company/i.test(text)) {
    return new AuthError(`Intacct does not know the company ${config.companyId}: ${detail}`, { code: 'UNKNOWN_COMPANY', system: 'intacct', hint: 'Check the company ID (as typed on the Intacct sign-in page).' });
  }
  return new AuthError(`Intacct refused the sign-in of ${config.userId} to company ${config.companyId}: ${detail}`, {
    code: 'SIGN_IN_REJECTED', system: 'intacct',
    hint: `Check the user ID, the user password and the company ID. The user must be a Web Services user in ${config.companyId}; a locked or expired password also gives this answer.`,
  });
}

/** True only when both the configured gateway and the session's endpoint are Intacct's own (https). */
export function followsEndpoint(configured: string, endpoint: string): boolean {
  try {
    return hostAllowed(hostOf(configured), INTACCT_HOSTS) && hostAllowed(hostOf(endpoint), INTACCT_HOSTS) && new URL(endpoint).protocol === 'https:';
  } catch {
    return false;
  }
}

export class IntacctClient {
  private readonly http: HttpClient;
  private endpointHttp: HttpClient | undefined;
  /** The kit's session auth: one getAPISession per company user in the process, renewed 60 s before the reported timeout. */
  readonly sessions: SessionAuth<ApiSession>;
  /** HTTP requests sent (bench: gateway calls). */
  requests = 0;

  constructor(
    readonly config: IntacctConfig,
    private readonly ctx: ConnectorContext,
    private readonly options: ClientOptions = {},
  ) {
    for (const name of [SECRET_SENDER_PASSWORD, SECRET_USER_PASSWORD]) {
      if (!ctx.secrets[name]) throw new ConfigError(`The Intacct connection has no ${name === SECRET_SENDER_PASSWORD ? 'sender password' : 'user password'}.`, { code: 'MISSING_SECRET', system: 'intacct', hint: 'Enter it in the connection settings.' });
      secretFilter.add(ctx.secrets[name]);
    }
    this.http = this.httpFor(config.url);
    this.sessions = new SessionAuth<ApiSession>({
      key: `intacct:${config.url}|${config.companyId}|${config.userId}|${config.entityId}`,
      credentials: [config.senderId, ctx.secrets[SECRET_SENDER_PASSWORD]!, ctx.secrets[SECRET_USER_PASSWORD]!],
      registry: ctx.registry,
      login: (signal) => this.openSession(signal),
      now: () => ctx.clock.now().getTime(),
      logger: ctx.logger,
    });
  }

  private httpFor(url: string): HttpClient {
    return createHttpClient({
      system: 'intacct',
      baseUrl: url,
      logger: this.ctx.logger,
      // The session endpoint's client too: an endpoint outside the connection's hosts gets nothing.
      ...(this.ctx.allowedHosts && { allowedHosts: this.ctx.allowedHosts }),
      ...(this.ctx.gate && { gate: this.ctx.gate }),
      // The private trust belongs to the configured gateway only, never to an endpoint Intacct names.
      ...(url === this.config.url && this.config.tls && { tls: this.config.tls }),
      connections: 2,
      timeouts: { readMs: this.options.readTimeoutMs ?? 120_000 },
      ...(this.options.retry !== undefined && { retry: this.options.retry }),
      // A 401 with an XML body is a gateway answer (XMLGW_JPP0002) to read, not a bare HTTP refusal.
      classify: (res) => (res.status === 401 && /xml/i.test(res.headers.get('content-type') ?? '') ? 'ok' : undefined),
    });
  }

  /** The HTTP client and URL a session's requests go to (see the endpoint rule above). */
  private targetFor(session: ApiSession): { http: HttpClient; url: string } {
    if (session.endpoint === this.config.url) return { http: this.http, url: this.config.url };
    if (!followsEndpoint(this.config.url, session.endpoint)) return { http: this.http, url: this.config.url };
    if (!this.endpointHttp || this.endpointHttp.baseUrl !== session.endpoint) {
      void this.endpointHttp?.close();
      this.endpointHttp = this.httpFor(session.endpoint);
    }
    return { http: this.endpointHttp, url: session.endpoint };
  }

  private async post(target: { http: HttpClient; url: string }, body: string, signal?: AbortSignal): Promise<GatewayResponse> {
    this.requests++;
    const res = await target.http.request({ method: 'POST', path: target.url, body, headers: { 'content-type': 'application/xml' }, responseType: 'text', ...(signal && { signal }) });
    try {
      return parseResponse(res.text);
    } catch (e) {
      throw new FatalError(`Intacct answered something that is not a gateway response (HTTP ${res.status}): ${e instanceof Error ? e.message : String(e)}`, { code: 'BAD_RESPONSE', system: 'intacct' });
    }
  }

  private envelope(auth: Parameters<typeof buildEnvelope>[0]['auth'], calls: Call[], uniqueId: boolean, transaction = false): string {
    return buildEnvelope({
      senderId: this.config.senderId,
      senderPassword: this.ctx.secrets[SECRET_SENDER_PASSWORD]!,
      controlId: `ml-${Date.now()}`,
      uniqueId,
      transaction,
      auth,
      functions: calls.map((c) => ({ controlId: c.controlId ?? randomUUID(), body: c.body })),
    });
  }

  private loginAuth() {
    return { userId: this.config.userId, companyId: this.config.companyId, password: this.ctx.secrets[SECRET_USER_PASSWORD]!, ...(this.config.entityId && { entityId: this.config.entityId }) };
  }

  private controlFailure(res: GatewayResponse): never {
    const detail = describeErrors(res.errors);
    if (res.errors.some((e) => e.errorno === 'XL03000006' || e.errorno === 'XMLGW_JPP0002')) throw signInError(res.errors, this.config, 'control');
    if (res.errors.some((e) => /^GW-0010$/.test(e.errorno))) throw new RetriableError(`Intacct is rate limiting this company: ${detail}`, { code: 'RATE_LIMITED', system: 'intacct' });
    throw new FatalError(`Intacct refused the request: ${detail}`, { code: res.errors[0]?.errorno ?? 'CONTROL_FAILURE', system: 'intacct', hint: 'This is a defect in the connector (the request XML was refused); please report it with the audit entry.' });
  }

  private async openSession(signal?: AbortSignal): Promise<SessionGrant<ApiSession>> {
    const res = await this.post({ http: this.http, url: this.config.url }, this.envelope(this.loginAuth(), [{ controlId: 'sessionProvider', body: el('getAPISession', this.config.entityId ? [el('locationid', this.config.entityId)] : null) }], false), signal);
    if (res.control.status === 'failure') this.controlFailure(res);
    const op = res.operation;
    if (!op || op.auth.status === 'failure') throw signInError(op?.errors ?? [], this.config, 'authentication');
    const result = op.results[0];
    if (!result || result.status !== 'success') throw signInError(result?.errors ?? [], this.config, 'authentication');
    const api = child(result.data, 'api');
    const id = child(api, 'sessionid')?.text;
    if (!id) throw new FatalError('Intacct answered getAPISession without a session id.', { code: 'BAD_RESPONSE', system: 'intacct' });
    secretFilter.add(id);
    const expiresAt = op.auth.sessiontimeout ? Date.parse(op.auth.sessiontimeout) : this.ctx.clock.now().getTime() + 10 * 60_000;
    return { expiresAt, data: { id, endpoint: child(api, 'endpoint')?.text || this.config.url } };
  }

  /**
   * Runs functions in one request with the shared session. An invalid-session answer (inside HTTP 200)
   * is the kit's SESSION_EXPIRED: SessionAuth signs in again and repeats the request once.
   */
  async execute(calls: Call[], o: { uniqueId?: boolean; transaction?: boolean; signal?: AbortSignal } = {}): Promise<FunctionResult[]> {
    return this.sessions.run(async (session: Session<ApiSession>) => {
      const res = await this.post(this.targetFor(session.data), this.envelope({ sessionId: session.data.id }, calls, o.uniqueId ?? false, o.transaction), o.signal);
      if (res.control.status === 'failure') this.controlFailure(res);
      const op = res.operation;
      if (!op) throw new FatalError('Intacct answered without an operation block.', { code: 'BAD_RESPONSE', system: 'intacct' });
      if (op.auth.status === 'failure') {
        const refused = signInError(op.errors, this.config, 'authentication');
        throw new AuthError(refused.message, { code: 'SESSION_EXPIRED', system: 'intacct', ...(refused.hint && { hint: refused.hint }) });
      }
      // Every answer slides the session: Intacct repeats the new timeout.
      const timeout = Date.parse(op.auth.sessiontimeout ?? '');
      if (Number.isFinite(timeout)) session.extend(timeout);
      if (op.results.length !== calls.length) throw new FatalError(`Intacct answered ${op.results.length} results for ${calls.length} functions.`, { code: 'BAD_RESPONSE', system: 'intacct' });
      return op.results;
    }, o.signal);
  }

  /** Signs in with login credentials only (Test connection): the authentication block's own answer. */
  async probeLogin(calls: Call[], signal?: AbortSignal): Promise<GatewayResponse> {
    return this.post({ http: this.http, url: this.config.url }, this.envelope(this.loginAuth(), calls, false), signal);
  }

  async close(): Promise<void> {
    await this.sessions.close();
    await this.http.close();
    await this.endpointHttp?.close();
  }
}
