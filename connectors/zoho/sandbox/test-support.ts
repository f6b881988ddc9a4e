// For the sandbox's own tests: a bare HTTP client written from the spec, not from our connector, so
// the tests talk to the sandbox as an independent client (the official SDK among them) would.
import { startZohoSandbox, type ZohoSandbox } from './index.ts';
import type { SandboxOptions } from '../../kit/sandbox/types.ts';

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface RawClient {
  sandbox: ZohoSandbox;
  token(): Promise<string>;
  /** Forgets the cached access token (the next call refreshes). */
  forgetToken(): void;
  api(method: string, path: string, init?: { body?: unknown; headers?: Record<string, string>; token?: string }): Promise<Reply>;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, body: text && type.includes('application/json') ? JSON.parse(text) : text || undefined };
}

export async function tokenRequest(sandbox: ZohoSandbox, params: Record<string, string>): Promise<Record<string, unknown>> {
  const form = new FormData();
  for (const [k, v] of Object.entries(params)) form.append(k, v);
  const res = await fetch(`${sandbox.accountsUrl}/oauth/v2/token`, { method: 'POST', body: form });
  return (await res.json()) as Record<string, unknown>;
}

export async function startRaw(options: SandboxOptions = {}): Promise<RawClient> {
  const sandbox = await startZohoSandbox({ records: 5, ...options });
  let cached: string | undefined;
  const token = async (): Promise<string> => {
    if (cached) return cached;
    const answer = await tokenRequest(sandbox, { grant_type: 'refresh_token', client_id: sandbox.clientId, client_secret: sandbox.clientSecret, refresh_token: sandbox.refreshToken });
    if (typeof answer.access_token !== 'string') throw new Error(`token refused: ${JSON.stringify(answer)}`);
    cached = answer.access_token;
    return cached;
  };
  return {
    sandbox,
    token,
    forgetToken: () => {
      cached = undefined;
    },
    async api(method, path, init = {}) {
      const headers: Record<string, string> = { Authorization: `Zoho-oauthtoken ${init.token ?? (await token())}`, ...init.headers };
      // Like the SDK: compact JSON bodies without a Content-Type header.
      const res = await fetch(`${sandbox.apiDomain}${path}`, { method, headers, ...(init.body !== undefined && { body: JSON.stringify(init.body) }) });
      return reply(res);
    },
    async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${sandbox.url}/__sandbox/${path}`, { method, ...(body !== undefined && { body: JSON.stringify(body) }) });
      const r = await reply(res);
      if (r.status >= 400) throw new Error(`admin ${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as T;
    },
    close: () => sandbox.close(),
  };
}
