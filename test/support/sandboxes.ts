// Test helpers that talk to the sandboxes the way a person at the Sage desk or in HubSpot would:
// over HTTP, through their admin APIs and their real APIs. Nothing here touches our own code.
export interface SageLine {
  url: string;
  admin: string;
  user: string;
  password: string;
}

async function json<T>(res: Response, what: string): Promise<T> {
  const body = await res.text();
  if (!res.ok) throw new Error(`${what}: ${res.status} ${body.slice(0, 300)}`);
  return JSON.parse(body) as T;
}

export const sageApi = (line: SageLine) => {
  const auth = 'Basic ' + Buffer.from(`${line.user.toUpperCase()}:${line.password}`).toString('base64');
  return {
    /** Every row of an OData collection, following nextLink. */
    async all<T = Record<string, unknown>>(path: string): Promise<T[]> {
      const out: T[] = [];
      let url: string | null = `${line.url}/${path}`;
      while (url) {
        const page: { value: T[]; '@odata.nextLink'?: string } = await json(await fetch(url, { headers: { Authorization: auth, 'Content-Type': 'application/json' } }), `GET ${path}`);
        out.push(...page.value);
        const next: string | undefined = page['@odata.nextLink'];
        url = next ? (next.startsWith('http') ? next : `${line.url}/${next}`) : null;
      }
      return out;
    },
    async one<T = Record<string, unknown>>(path: string): Promise<T> {
      return json(await fetch(`${line.url}/${path}`, { headers: { Authorization: auth, 'Content-Type': 'application/json' } }), `GET ${path}`);
    },
    admin: async <T = unknown>(route: string, body: unknown = {}): Promise<T> =>
      json(await fetch(`${line.admin}/${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }), `admin ${route}`),
    requests: async () => json<{ total: number; byEndpoint: Record<string, number>; byEndpointStatus: Record<string, Record<string, number>> }>(await fetch(`${line.admin}/requests`), 'admin requests'),
  };
};

/** Requests that changed Sage 300 data, from its admin API's request counts (`sageApi(…).requests()`). */
export function sageWriteRequests(snapshot: { byEndpoint: Record<string, number> }): number {
  // byEndpoint holds one count per endpoint (the kit's RequestCounters), whatever the answer.
  return Object.entries(snapshot.byEndpoint)
    .filter(([e]) => /^(POST|PATCH|PUT|DELETE) /.test(e))
    .reduce((n, [, count]) => n + count, 0);
}

/** The SAP Business One sandbox's admin API: every record of an entity set, as SAP holds it. */
export const sapAdmin = (admin: string) => ({
  async records<T = Record<string, unknown>>(set: string): Promise<T[]> {
    const out: T[] = [];
    let after: string | undefined;
    for (;;) {
      const page: { results: T[]; next?: string } = await json(await fetch(`${admin}/records/${set}?limit=1000${after ? `&after=${after}` : ''}`), `SAP admin records ${set}`);
      out.push(...page.results);
      if (!page.next) return out;
      after = page.next;
    }
  },
});

export interface HubRecord {
  id: string;
  properties: Record<string, string | null>;
  archived?: boolean;
  associations: Record<string, { id: string; typeIds: number[] }[]>;
}

export const hubspotAdmin = (url: string) => ({
  async records(type: string): Promise<HubRecord[]> {
    const out: HubRecord[] = [];
    let after: string | null = null;
    for (;;) {
      const q: string = `${url}/__sandbox/records/${type}?limit=1000${after ? `&after=${after}` : ''}`;
      const page: { results: HubRecord[]; next?: string } = await json(await fetch(q), `records ${type}`);
      out.push(...page.results);
      after = page.next ?? null;
      if (!after || page.results.length === 0) return out;
    }
  },
  async record(type: string, id: string): Promise<HubRecord> {
    return json(await fetch(`${url}/__sandbox/records/${type}/${id}`), `record ${type}/${id}`);
  },
  async edit(type: string, id: string, properties: Record<string, string>): Promise<HubRecord> {
    return json(await fetch(`${url}/__sandbox/records/${type}/${id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ properties }) }), `edit ${type}/${id}`);
  },
  async counters(): Promise<{ total: number; byEndpoint: Record<string, number>; rateLimited: number }> {
    return json(await fetch(`${url}/__sandbox/counters`), 'counters');
  },
  async resetCounters(): Promise<void> {
    await json(await fetch(`${url}/__sandbox/counters/reset`, { method: 'POST' }), 'reset counters');
  },
});

/** Requests that change HubSpot data (searches and batch reads are POSTs but read-only). */
export function writeRequests(byEndpoint: Record<string, number>): number {
  return Object.entries(byEndpoint)
    .filter(([e]) => /^(POST|PATCH|PUT|DELETE) /.test(e) && !/\/(search|batch\/read)$/.test(e) && !e.includes('/__sandbox'))
    .reduce((n, [, c]) => n + c, 0);
}

/** The demo's HubSpot sandbox as tests use it: base URL, private-app token and the app's client secret. */
export function hubspotSandboxOf(env: { sandboxes: { hubspot?: { url: string; line: Record<string, unknown> } } }) {
  const s = env.sandboxes.hubspot;
  if (!s) throw new Error('the demo environment has no HubSpot sandbox');
  const line = s.line as { token: string; credentials: { clientSecret: string } };
  return { url: s.url, token: line.token, clientSecret: line.credentials.clientSecret };
}
