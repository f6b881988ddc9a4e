// The client against the sandbox over real sockets: one session reused and renewed transparently, the
// session endpoint never followed away from a non-intacct.com URL, retries on 5xx/524/timeouts that
// never duplicate a create, hostile strings round-tripping both ways, failures per record.
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stripForbiddenXmlChars } from '../kit/formats/xml.ts';
import { startHarness, type Harness } from './test-support.ts';

let h: Harness;
type Counters = { requests: number; sessionsOpened: number; functions: Record<string, number>; byStatus: Record<string, number> };

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.admin('reset');
});

async function readAll(c: ReturnType<Harness['connect']>, entity: 'vendors' | 'apBills' | 'vendorContacts', since: string | null = null, pageSize?: number) {
  const out: Record<string, unknown>[] = [];
  for await (const page of c.sources[entity].read({ since, signpost: new Date(), ...(pageSize && { pageSize }) })) out.push(...page.records);
  return out;
}

describe('sessions', () => {
  it('opens one session for many reads, and keeps the sandbox URL although the session names an intacct.com endpoint', async () => {
    const c = h.connect();
    expect(await readAll(c, 'vendors', null, 7)).toHaveLength(30);
    expect((await readAll(c, 'apBills')).length).toBeGreaterThan(30);
    expect((await h.get<Counters>('requests')).sessionsOpened).toBe(1);
    await c.close();
  });

  it('renews transparently when the session expires mid-run (invalid session inside HTTP 200)', async () => {
    const c = h.connect();
    const pages: number[] = [];
    let expired = false;
    for await (const page of c.sources.vendors.read({ since: null, signpost: new Date(), pageSize: 10 })) {
      pages.push(page.records.length);
      if (!expired) {
        await h.admin('sessions/expire');
        expired = true;
      }
    }
    expect(pages).toEqual([10, 10, 10]);
    expect((await h.get<Counters>('requests')).sessionsOpened).toBe(2);
    await c.close();
  });

  it('renews before the reported expiry instead of waiting for a refusal', async () => {
    await h.admin('switches', { sessionTimeoutSeconds: 30 });
    const c = h.connect();
    await readAll(c, 'vendors');
    // 30 s sessions are inside the 60 s renewal margin: the next read opens a fresh one, none is refused.
    await readAll(c, 'vendors');
    expect((await h.get<Counters>('requests')).sessionsOpened).toBe(2);
    await c.close();
  });
});

describe('reads', () => {
  it('bills carry their lines in line order; incremental reads return only what changed since the watermark (minus the overlap)', async () => {
    const c = h.connect({ overlapMinutes: 0 });
    const bills = await readAll(c, 'apBills');
    const first = bills[0] as { APBILLITEMS: { LINE_NO: string }[]; RECORDNO: string };
    expect(first.APBILLITEMS.length).toBeGreaterThan(0);
    expect(first.APBILLITEMS.map((l) => Number(l.LINE_NO))).toEqual([...first.APBILLITEMS.keys()].map((k) => k + 1));
    const watermark = c.sources.apBills.watermarkFor(new Date(Date.now() - 1000));
    await new Promise((r) => setTimeout(r, 1100));
    await h.admin('edit', { object: 'APBILL', key: first.RECORDNO, changes: { DESCRIPTION: 'changed' } });
    const changed = await readAll(c, 'apBills', watermark);
    expect(changed.map((b) => b.RECORDNO)).toEqual([first.RECORDNO]);
    await c.close();
  });

  it('reads one record again by its key, as a run reads it (a replay after a fix in Intacct sends the fixed record); an unknown key is null', async () => {
    const c = h.connect();
    const vendor = (await readAll(c, 'vendorContacts'))[3] as { VENDORID: string };
    await h.admin('edit', { object: 'VENDOR', key: vendor.VENDORID, changes: { 'DISPLAYCONTACT.EMAIL1': 'fixed@example.com' } });
    const fresh = (await c.sources.vendorContacts.readOne!(vendor.VENDORID)) as { VENDORID: string; DISPLAYCONTACT: { EMAIL1: string } };
    expect(fresh.VENDORID).toBe(vendor.VENDORID);
    expect(fresh.DISPLAYCONTACT.EMAIL1).toBe('fixed@example.com');
    expect((await c.sources.vendors.readOne!(vendor.VENDORID))?.VENDORID).toBe(vendor.VENDORID);
    const bill = (await readAll(c, 'apBills'))[2] as { RECORDNO: string; APBILLITEMS: unknown[] };
    expect(await c.sources.apBills.readOne!(bill.RECORDNO)).toEqual(bill);
    const contact = (await c.sources.contacts.sample(1))[0] as { CONTACTNAME: string };
    expect((await c.sources.contacts.readOne!(contact.CONTACTNAME))?.CONTACTNAME).toBe(contact.CONTACTNAME);
    expect(await c.sources.vendors.readOne!('NO-SUCH-VENDOR')).toBeNull();
    await c.close();
  });

  it('vendor contacts: a contact edited on its own brings its vendor, once whether or not the vendor moved too; a read where nothing changed is one gateway call', async () => {
    const c = h.connect({ overlapMinutes: 0 });
    const vendors = (await readAll(c, 'vendorContacts')) as { VENDORID: string; DISPLAYCONTACT: { CONTACTNAME: string } }[];
    // The watermark is past the seed's stamps, and later edits are stamped past it, without waiting for the wall clock.
    await h.admin('clock', { advanceMs: 5000 });
    const watermark = c.sources.vendorContacts.watermarkFor(new Date(Date.now() + 2000));
    await h.admin('requests/reset');
    expect(await readAll(c, 'vendorContacts', watermark)).toEqual([]);
    expect((await h.get<Counters>('requests')).requests).toBe(1);

    for (const [touches, v] of [['no', vendors[2]!], ['yes', vendors[5]!]] as const) {
      await h.admin('switches', { contactEditTouchesVendor: touches });
      await h.admin('edit', { object: 'CONTACT', key: v.DISPLAYCONTACT.CONTACTNAME, changes: { EMAIL1: `edited-${touches}@example.com` } });
    }
    // The gateway saw both: one request with the vendors and the contacts, one for the vendor of the edit the switch kept to the contact.
    await h.admin('requests/reset');
    const changed = (await readAll(c, 'vendorContacts', watermark)) as { VENDORID: string; DISPLAYCONTACT: { EMAIL1: string } }[];
    expect(changed.map((r) => [r.VENDORID, r.DISPLAYCONTACT.EMAIL1]).sort()).toEqual([[vendors[2]!.VENDORID, 'edited-no@example.com'], [vendors[5]!.VENDORID, 'edited-yes@example.com']].sort());
    expect((await h.get<Counters>('requests')).requests).toBe(2);

    // Resumed among the contacts after a crash, the read still finds the vendor of the contact edit.
    const iterator = c.sources.vendorContacts.read({ since: watermark, signpost: new Date() })[Symbol.asyncIterator]();
    const firstPage = (await iterator.next()).value!;
    expect(JSON.parse(firstPage.resume!)).toEqual({ contactsAfter: null });
    const rest: { VENDORID: string }[] = [];
    for await (const page of c.sources.vendorContacts.read({ since: watermark, signpost: new Date(), resume: firstPage.resume })) rest.push(...(page.records as { VENDORID: string }[]));
    expect(rest.map((r) => r.VENDORID).sort()).toEqual([vendors[2]!.VENDORID, vendors[5]!.VENDORID].sort());
    await h.admin('switches', { contactEditTouchesVendor: 'no' });
    await c.close();
  });

  it('a read resumes after the last committed page', async () => {
    const c = h.connect();
    const iterator = c.sources.vendors.read({ since: null, signpost: new Date(), pageSize: 12 })[Symbol.asyncIterator]();
    const p1 = (await iterator.next()).value!;
    const rest: unknown[] = [];
    for await (const page of c.sources.vendors.read({ since: null, signpost: new Date(), pageSize: 12, resume: p1.resume })) rest.push(...page.records);
    expect(p1.records.length + rest.length).toBe(30);
    await c.close();
  });
});

describe('writes', () => {
  it('a create whose answer is lost (524) is retried and not duplicated', async () => {
    const c = h.connect();
    await h.admin('faults', { once: [{ fault: '524', resource: 'create' }] });
    const [r] = await c.destinations.vendors.upsert([{ sourceId: '9001', properties: { VENDORID: 'HS-9001', NAME: 'Lost Answer Ltd' } }], { idProperty: 'VENDORID' });
    expect(r).toMatchObject({ status: 'created' });
    const vendors = await h.admin<{ VENDORID: string }[]>('records', { object: 'VENDOR' });
    expect(vendors.filter((v) => v.VENDORID === 'HS-9001')).toHaveLength(1);
    const counters = await h.get<Counters>('requests');
    expect(counters.functions['create:executed']).toBe(1);
    expect(counters.byStatus['524']).toBe(1);
    await c.close();
  });

  it('the same, when the gateway rejects a repeated controlid instead of replaying it', async () => {
    await h.admin('switches', { duplicateControlId: 'reject' });
    const c = h.connect();
    await h.admin('faults', { once: [{ fault: '524', resource: 'create' }] });
    const [r] = await c.destinations.vendors.upsert([{ sourceId: '9002', properties: { VENDORID: 'HS-9002', NAME: 'Rejected Replay' } }], { idProperty: 'VENDORID' });
    expect(r).toMatchObject({ status: 'created' });
    expect((await h.admin<{ VENDORID: string }[]>('records', { object: 'VENDOR' })).filter((v) => v.VENDORID === 'HS-9002')).toHaveLength(1);
    await c.close();
  });

  it('an existing VENDORID is updated instead of duplicated; one bad record fails alone with the gateway message and a hint; replay after the fix creates one', async () => {
    const c = h.connect();
    const results = await c.destinations.vendors.upsert(
      [
        { sourceId: 'x', properties: { VENDORID: 'V1001', NAME: 'Apex Renamed' } },
        { sourceId: 'y', properties: { VENDORID: 'HS-y', NAME: 'Bad Limit', CREDITLIMIT: 'lots' } },
        { sourceId: 'z', properties: { VENDORID: 'HS-z', NAME: 'Fine Co', 'DISPLAYCONTACT.EMAIL1': 'a@fine.example', 'DISPLAYCONTACT.MAILADDRESS.CITY': 'Austin' } },
      ],
      { idProperty: 'VENDORID' },
    );
    expect(results[0]).toMatchObject({ status: 'updated' });
    expect(results[1]).toMatchObject({ status: 'failed', kind: 'record', retryable: false });
    expect((results[1] as { message: string }).message).toMatch(/CREDITLIMIT/);
    expect((results[1] as { hint: string }).hint).toBeTruthy();
    expect(results[2]).toMatchObject({ status: 'created' });
    const fine = await h.admin<Record<string, string>>('record', { object: 'VENDOR', key: 'HS-z' });
    expect(fine).toMatchObject({ NAME: 'Fine Co', 'DISPLAYCONTACT.EMAIL1': 'a@fine.example', 'DISPLAYCONTACT.MAILADDRESS.CITY': 'Austin' });
    const [fixed] = await c.destinations.vendors.upsert([{ sourceId: 'y', properties: { VENDORID: 'HS-y', NAME: 'Bad Limit', CREDITLIMIT: '5000' } }], { idProperty: 'VENDORID' });
    expect(fixed).toMatchObject({ status: 'created' });
    expect((await h.admin<{ VENDORID: string }[]>('records', { object: 'VENDOR' })).filter((v) => v.VENDORID === 'HS-y')).toHaveLength(1);
    await c.close();
  });

  it('retries 502/503 with backoff', async () => {
    const c = h.connect();
    await h.admin('faults', { once: [{ fault: '503' }, { fault: '502' }] });
    expect(await readAll(c, 'vendors')).toHaveLength(30);
    await c.close();
  });

  it('hostile strings round-trip: written by us, read back by us, exactly (illegal XML characters removed)', async () => {
    const c = h.connect();
    let run = 0;
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
      fc.constantFrom('&amp; <b> ]]> "q" \'s', '\u202Eright-to-left\u202C עברית', 'emoji 🧾💸', 'tab\tcr\rlf\n', 'a\u0001b\u0008c\uFFFEd', ' lead and trail '),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 1, maxLength: 20 }), async (names) => {
        const kept = names.filter((s) => stripForbiddenXmlChars(s).trim().length > 0);
        const ids = kept.map((_, i) => `P${run}-${i}`);
        run++;
        const results = await c.destinations.vendors.upsert(kept.map((name, i) => ({ sourceId: ids[i]!, properties: { VENDORID: `HS-${ids[i]}`, NAME: name, COMMENTS: name } })), { idProperty: 'VENDORID' });
        expect(results.every((r) => r.status === 'created')).toBe(true);
        const back = new Map((await readAll(c, 'vendors')).map((v) => [v.VENDORID, v.NAME]));
        kept.forEach((name, i) => expect(back.get(`HS-${ids[i]}`)).toBe(stripForbiddenXmlChars(name)));
      }),
      { numRuns: 4 },
    );
    await c.close();
  });
});
