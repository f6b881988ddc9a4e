// The Sage 100 connector against the running agent sandbox over real HTTPS (and real ODBC behind it):
// check() tells each failure apart, sources page to the end, resume, and read incrementally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, Agent } from 'undici';
import type { ConnectorContext, SourceEntity, SourceRecord } from '../kit/types.ts';
import { createSage100Connector, sage100Manifest } from './index.ts';
import { startSandbox } from './sandbox/index.ts';

type Line = { url: string; companyCode: string; apiKey: string; user: string; password: string; fingerprint256: string; ca: string; admin: string };
let sb: Awaited<ReturnType<typeof startSandbox>>;
let line: Line;

const ctx = (secrets: Record<string, string> = { apiKey: line.apiKey, password: line.password }): ConnectorContext => ({
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  clock: { now: () => new Date() },
  signal: new AbortController().signal,
  secrets,
  registry: { shared: <T,>(_k: string, create: () => T) => create() },
});
const config = (over: Record<string, unknown> = {}) =>
  sage100Manifest.configSchema.parse({ url: line.url, companyCode: line.companyCode, user: line.user, tls: { fingerprint256: line.fingerprint256 }, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, ...over });

async function admin(verb: string, body: unknown) {
  const dispatcher = new Agent({ connect: { ca: line.ca } });
  const r = await request(`${line.admin}/${verb}`, { dispatcher, method: 'POST', body: JSON.stringify(body) });
  const json = await r.body.json();
  await dispatcher.close();
  return json as Record<string, unknown>;
}

async function readAll(source: SourceEntity, since: string | null, resume?: string | null): Promise<{ records: SourceRecord[]; resumes: (string | null)[] }> {
  const records: SourceRecord[] = [];
  const resumes: (string | null)[] = [];
  for await (const page of source.read({ since, signpost: new Date(), pageSize: 25, ...(resume !== undefined && { resume }) })) {
    records.push(...page.records);
    resumes.push(page.resume);
  }
  return { records, resumes };
}

beforeAll(async () => {
  sb = await startSandbox({ port: 0, records: 60, seed: 3 });
  line = sb.line as unknown as Line;
});
afterAll(async () => {
  await sb?.close();
});

describe('check()', () => {
  const checkWith = (over: Record<string, unknown> = {}, secrets?: Record<string, string>) => createSage100Connector(config(over), ctx(secrets)).check();

  it('connects with the pinned fingerprint and names the company', async () => {
    const r = await checkWith();
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(r.summary).toContain('ABC');
  });

  it('tells apart unreachable, untrusted and changed certificates, bad key, bad account, unknown company and ODBC down', async () => {
    const closed = new URL(line.url);
    closed.port = '1';
    expect((await checkWith({ url: closed.toString().replace(/\/$/, '') })).problems[0]?.code).toBe('UNREACHABLE');
    const untrusted = await checkWith({ tls: undefined });
    expect(untrusted.problems[0]).toMatchObject({ code: 'TLS_UNTRUSTED', data: { fingerprint256: line.fingerprint256, url: line.url } });
    const changed = await checkWith({ tls: { fingerprint256: 'AA:'.repeat(31) + 'AA' } });
    expect(changed.problems[0]).toMatchObject({ code: 'TLS_CHANGED', data: { fingerprint256: line.fingerprint256 } });
    expect(changed.problems[0]!.message).toContain(line.fingerprint256);
    expect((await checkWith({}, { apiKey: 'wrong-key-wrong-key-wrong', password: line.password })).problems[0]).toMatchObject({ code: 'AUTH_REJECTED', data: { credential: 'apiKey' } });
    expect((await checkWith({}, { apiKey: line.apiKey, password: 'wrong' })).problems[0]).toMatchObject({ code: 'AUTH_REJECTED', data: { credential: 'serviceAccount' } });
    expect((await checkWith({ companyCode: 'XYZ' })).problems[0]?.code).toBe('UNKNOWN_COMPANY');
    await admin('faults', { odbcDown: true });
    try {
      expect((await checkWith()).problems[0]?.code).toBe('SOURCE_UNAVAILABLE');
    } finally {
      await admin('faults', { odbcDown: false });
    }
  });
});

describe('sources', () => {
  it('reads every customer once, with derived keys, and resumes from a committed page', async () => {
    const c = createSage100Connector(config(), ctx());
    try {
      const { records, resumes } = await readAll(c.sources.arCustomers!, null);
      expect(records).toHaveLength(60);
      const ids = records.map((r) => c.sources.arCustomers!.idOf(r));
      expect(new Set(ids).size).toBe(60);
      expect(ids[0]).toMatch(/^0[0-2]-[A-Z]+\d{4}$/);
      expect(resumes.at(-1)).toBeNull();
      const rest = await readAll(c.sources.arCustomers!, null, resumes[0]);
      expect(rest.records.map((r) => r._id)).toEqual(records.slice(25).map((r) => r._id));
    } finally {
      await c.close();
    }
  });

  it('reads incrementally from the watermark, overlapping 5 minutes', async () => {
    const c = createSage100Connector(config(), ctx());
    try {
      const source = c.sources.arCustomers!;
      const watermark = source.watermarkFor(new Date(Date.now() - 1000));
      const before = await readAll(source, watermark);
      const [first] = (await readAll(source, null)).records;
      await admin('edit', { table: 'AR_Customer', key: { ARDivisionNo: first!.ARDivisionNo, CustomerNo: first!.CustomerNo }, changes: { CustomerName: 'Renamed at the Sage desk' } });
      const after = await readAll(source, watermark);
      expect(after.records.map((r) => r._id)).toContain(first!._id);
      expect(after.records.length).toBe(before.records.length + (before.records.some((r) => r._id === first!._id) ? 0 : 1));
    } finally {
      await c.close();
    }
  });

  it('derives contact names, invoice totals with lines, and aging buckets', async () => {
    const c = createSage100Connector(config(), ctx());
    try {
      const contacts = await c.sources.arCustomerContacts!.sample(5);
      expect(contacts[0]).toMatchObject({ _customerId: expect.stringMatching(/-/), _firstName: expect.any(String), _lastName: expect.any(String) });
      const invoices = await c.sources.arInvoices!.sample(5);
      expect((invoices[0]!.lines as unknown[]).length).toBeGreaterThan(0);
      expect(typeof invoices[0]!._total).toBe('number');
      const aging = await c.sources.arAging!.sample(20);
      for (const a of aging) {
        const sum = Number(a._current) + Number(a._1to30) + Number(a._31to60) + Number(a._61to90) + Number(a._over90);
        expect(Math.abs(sum - Number(a._balance))).toBeLessThan(0.02);
      }
      const keys: string[] = [];
      for await (const batch of c.sources.apVendors!.keys!()) keys.push(...batch);
      expect(keys.length).toBeGreaterThan(10);
    } finally {
      await c.close();
    }
  });

  it('reads one customer contact again by its key (a replay after a fix at the Sage desk sends the fixed record); an unknown one is null', async () => {
    const c = createSage100Connector(config(), ctx());
    try {
      const source = c.sources.arCustomerContacts!;
      const contact = (await source.sample(5))[3]!;
      await admin('edit', { table: 'AR_CustomerContact', key: { ARDivisionNo: contact.ARDivisionNo, CustomerNo: contact.CustomerNo, ContactCode: contact.ContactCode }, changes: { EmailAddress: 'fixed@example.com' } });
      const fresh = await source.readOne!(source.idOf(contact));
      expect(fresh).toMatchObject({ _id: contact._id, _customerId: contact._customerId, _primary: contact._primary, EmailAddress: 'fixed@example.com' });
      expect(await source.readOne!(`${String(contact._customerId)}-NOSUCH`)).toBeNull();
    } finally {
      await c.close();
    }
  });

  it('stops with a TLS error naming the new fingerprint when the agent certificate is replaced', async () => {
    const c = createSage100Connector(config({ tls: { fingerprint256: 'BB:'.repeat(31) + 'BB' } }), ctx());
    try {
      await expect(readAll(c.sources.arCustomers!, null)).rejects.toMatchObject({ code: 'TLS_CHANGED', data: { fingerprint256: line.fingerprint256 } });
    } finally {
      await c.close();
    }
  });
});
