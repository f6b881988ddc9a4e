// The official Sage Intacct SDK (@intacct/intacct-sdk) against the sandbox, as spec §13 says it can be
// pointed at a local gateway: construct the client with the default (intacct.com) endpoint, which the
// SDK validates, then set the sandbox URL on the same config. Nothing here uses our connector; every
// request goes to the sandbox on 127.0.0.1.
import { ClientConfig, Functions, OnlineClient, RequestConfig, SessionProvider } from '@intacct/intacct-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../kit/sandbox/types.ts';
import { startSandbox } from './index.ts';
import { officialSdkClient, type Line } from '../test-support.ts';

let sb: RunningSandbox;
let line: Line;

/** A client of the SDK aimed at the sandbox (spec §13 item 3). */
const sdkClient = (overrides: Partial<Pick<ClientConfig, 'userPassword'>> = {}): OnlineClient => officialSdkClient(line, overrides);

beforeAll(async () => {
  sb = await startSandbox({ port: 0, records: 12, seed: 2 });
  line = sb.line as unknown as Line;
});
afterAll(() => sb.close());

describe('the official Intacct SDK against the sandbox', () => {
  it('ReadByQuery then ReadMore pages through every vendor (credentials on every request, as the SDK sends them)', async () => {
    const client = sdkClient();
    const q = new Functions.Common.ReadByQuery('q1');
    q.objectName = 'VENDOR';
    q.fields = ['VENDORID', 'NAME'];
    q.pageSize = 5;
    let res = (await client.execute(q)).getResult();
    expect([res.status, res.count, res.totalCount, res.numRemaining]).toEqual(['success', 5, 12, 7]);
    const ids = res.data.map((d: Record<string, string>) => d.VENDORID);
    while (res.numRemaining > 0) {
      const more = new Functions.Common.ReadMore('m');
      more.resultId = res.resultId;
      res = (await client.execute(more)).getResult();
      ids.push(...res.data.map((d: Record<string, string>) => d.VENDORID));
    }
    expect(new Set(ids).size).toBe(12);
  });

  it('the new Query: filter, descending order and offset paging', async () => {
    const client = sdkClient();
    const NQ = Functions.Common.NewQuery;
    const page = async (offset: number) => {
      const q = new NQ.Query('q2');
      q.assignFromObject('VENDOR')
        .assignSelectFields(new NQ.QuerySelect.SelectBuilder().addFields(['VENDORID', 'NAME']).selects)
        .assignFilter(new NQ.QueryFilter.Filter('STATUS').equalTo('active'))
        .assignOrderBy(new NQ.QueryOrderBy.OrderBuilder().addDescending('VENDORID').orders)
        .assignPageSize(5)
        .assignOffset(offset);
      return (await client.execute(q)).getResult();
    };
    const [a, b] = [await page(0), await page(5)];
    const ids = [...a.data, ...b.data].map((d: Record<string, string>) => d.VENDORID);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(a.numRemaining).toBe(a.totalCount - 5);
  });

  it('Read of an APBILL carries its APBILLITEMS', async () => {
    const client = sdkClient();
    const read = new Functions.Common.Read('r1');
    read.objectName = 'APBILL';
    read.keys = [1];
    const bill = (await client.execute(read)).getResult().data[0] as { RECORDNO: string; APBILLITEMS: { apbillitem: unknown[] } };
    expect(bill.RECORDNO).toBe('1');
    expect(bill.APBILLITEMS.apbillitem.length).toBeGreaterThan(0);
  });

  it('VendorCreate, ReadByName, BillCreate (legacy create_bill), and a duplicate VENDORID as the SDK\'s ResultException', async () => {
    const client = sdkClient();
    const v = new Functions.AccountsPayable.VendorCreate('c1');
    v.vendorId = 'SDK-1';
    v.vendorName = 'SDK & Sons <One>';
    expect((await client.execute(v)).getResult().status).toBe('success');
    const byName = new Functions.Common.ReadByName('r2');
    byName.objectName = 'VENDOR';
    byName.names = ['SDK-1'];
    byName.fields = ['VENDORID', 'NAME'];
    expect((await client.execute(byName)).getResult().data[0]).toEqual({ VENDORID: 'SDK-1', NAME: 'SDK & Sons <One>' });

    const bill = new Functions.AccountsPayable.BillCreate('b1');
    bill.vendorId = 'SDK-1';
    bill.transactionDate = new Date('2026-11-30T00:00:00');
    bill.dueDate = new Date('2026-12-30T00:00:00');
    const lineItem = new Functions.AccountsPayable.BillLineCreate();
    lineItem.glAccountNumber = '6000';
    lineItem.transactionAmount = 12.5;
    bill.lines = [lineItem];
    const created = (await client.execute(bill)).getResult();
    expect(created.status).toBe('success');
    expect(created.key).toMatch(/^\d+$/);

    const again = new Functions.AccountsPayable.VendorCreate('c2');
    again.vendorId = 'SDK-1';
    again.vendorName = 'again';
    await expect(client.execute(again)).rejects.toThrow(/BL34000061 Another Vendor/);
  });

  it('ContactCreate, ContactUpdate, then the legacy deletes the SDK sends (ContactDelete, BillDelete, VendorDelete)', async () => {
    const client = sdkClient();
    const readContact = async (name: string) => {
      const q = new Functions.Common.ReadByName('rc');
      q.objectName = 'CONTACT';
      q.names = [name];
      q.fields = ['CONTACTNAME', 'PRINTAS', 'PHONE1'];
      return (await client.execute(q)).getResult();
    };
    const contact = new Functions.Company.ContactCreate('cc');
    contact.contactName = 'SDK Contact';
    contact.printAs = 'SDK & Contact';
    contact.primaryPhoneNo = '555-0100';
    expect((await client.execute(contact)).getResult().status).toBe('success');
    const update = new Functions.Company.ContactUpdate('cu');
    update.contactName = 'SDK Contact';
    update.primaryPhoneNo = '555-7777';
    expect((await client.execute(update)).getResult().status).toBe('success');
    expect((await readContact('SDK Contact')).data[0]).toEqual({ CONTACTNAME: 'SDK Contact', PRINTAS: 'SDK & Contact', PHONE1: '555-7777' });
    const removeContact = new Functions.Company.ContactDelete('cd');
    removeContact.contactName = 'SDK Contact';
    expect((await client.execute(removeContact)).getResult().status).toBe('success');
    expect((await readContact('SDK Contact')).count).toBe(0);
    // Gone: a second delete fails as the SDK's ResultException.
    await expect(client.execute(removeContact)).rejects.toThrow(/Cannot find contact with key 'SDK Contact'/);

    const vendor = new Functions.AccountsPayable.VendorCreate('vc');
    vendor.vendorId = 'SDK-DEL';
    vendor.vendorName = 'To be deleted';
    await client.execute(vendor);
    const bill = new Functions.AccountsPayable.BillCreate('bc');
    bill.vendorId = 'SDK-DEL';
    bill.transactionDate = new Date('2026-11-30T00:00:00');
    bill.dueDate = new Date('2026-12-30T00:00:00');
    const line = new Functions.AccountsPayable.BillLineCreate();
    line.glAccountNumber = '6000';
    line.transactionAmount = 1;
    bill.lines = [line];
    const key = (await client.execute(bill)).getResult().key as string;
    const removeBill = new Functions.AccountsPayable.BillDelete('bd');
    removeBill.recordNo = Number(key);
    expect((await client.execute(removeBill)).getResult().status).toBe('success');
    const removeVendor = new Functions.AccountsPayable.VendorDelete('vd');
    removeVendor.vendorId = 'SDK-DEL';
    expect((await client.execute(removeVendor)).getResult().status).toBe('success');
    const gone = new Functions.Common.ReadByName('rv');
    gone.objectName = 'VENDOR';
    gone.names = ['SDK-DEL'];
    expect((await client.execute(gone)).getResult().count).toBe(0);
  });

  it('a wrong user password is the SDK\'s authentication failure XL03000006', async () => {
    const q = new Functions.Common.ReadByQuery();
    q.objectName = 'VENDOR';
    await expect(sdkClient({ userPassword: 'wrong' }).execute(q)).rejects.toThrow(/authentication status failure - XL03000006/);
  });

  it('SessionProvider.factory accepts the sandbox\'s intacct.com endpoint; the session then reads', async () => {
    const cfg = new ClientConfig();
    Object.assign(cfg, { senderId: line.senderId, senderPassword: line.senderPassword, companyId: line.companyId, userId: line.userId, userPassword: line.userPassword });
    new OnlineClient(cfg);
    cfg.endpointUrl = line.url;
    const session = await SessionProvider.factory(cfg);
    expect(session.endpointUrl).toMatch(/^https:\/\/[^/]+\.intacct\.com\//);
    expect(session.sessionId).toBeTruthy();
    session.endpointUrl = line.url;
    const q = new Functions.Common.ReadByQuery();
    q.objectName = 'VENDOR';
    q.pageSize = 2;
    expect((await new OnlineClient(session).execute(q)).getResult().count).toBe(2);
  });

  it('executeBatch with transaction=true: one failure rolls the other create back', async () => {
    const client = sdkClient();
    const ok = new Functions.AccountsPayable.VendorCreate('t1');
    ok.vendorId = 'SDK-T1';
    ok.vendorName = 'T one';
    const dup = new Functions.AccountsPayable.VendorCreate('t2');
    dup.vendorId = 'V1001';
    dup.vendorName = 'taken';
    const rc = new RequestConfig();
    rc.transaction = true;
    await expect(client.executeBatch([ok, dup], rc)).rejects.toThrow(/BL34000061/);
    const byName = new Functions.Common.ReadByName('r3');
    byName.objectName = 'VENDOR';
    byName.names = ['SDK-T1'];
    expect((await client.execute(byName)).getResult().count).toBe(0);
  });
});
