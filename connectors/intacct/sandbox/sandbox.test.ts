// The sandbox against spec §11–§13, over raw HTTP with hand-written XML: what any independent client of
// the real gateway (the official SDK among them) would send and see. Nothing here uses our connector.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../kit/sandbox/types.ts';
import { startSandbox } from './index.ts';

interface Line { url: string; admin: string; senderId: string; senderPassword: string; companyId: string; userId: string; userPassword: string }
let sb: RunningSandbox;
let line: Line;
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => ['result', 'error', 'vendor', 'VENDOR', 'APBILL', 'apbill', 'apbillitem', 'contact'].includes(name) });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const envelope = (auth: string, functions: string, o: { uniqueid?: string; transaction?: boolean; sender?: string; senderPassword?: string } = {}) =>
  `<?xml version="1.0" encoding="utf-8" ?><request><control><senderid>${o.sender ?? line.senderId}</senderid><password>${o.senderPassword ?? line.senderPassword}</password><controlid>req-1</controlid><uniqueid>${o.uniqueid ?? 'false'}</uniqueid><dtdversion>3.0</dtdversion><includewhitespace>false</includewhitespace></control><operation transaction="${o.transaction ? 'true' : 'false'}"><authentication>${auth}</authentication><content>${functions}</content></operation></request>`;
const loginAuth = (o: { user?: string; company?: string; password?: string; location?: string } = {}) =>
  `<login><userid>${o.user ?? line.userId}</userid><companyid>${o.company ?? line.companyId}</companyid><password>${o.password ?? line.userPassword}</password>${o.location ? `<locationid>${o.location}</locationid>` : ''}</login>`;
async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; doc: Any; type: string | null }> {
  const res = await fetch(line.url, { method: 'POST', headers: { 'content-type': 'application/xml', ...headers }, body });
  const text = await res.text();
  let doc: Any;
  try { doc = xml.parse(text); } catch { doc = undefined; }
  return { status: res.status, text, doc, type: res.headers.get('content-type') };
}
const admin = async (route: string, body: unknown = {}) => (await fetch(`${line.admin}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Any>;
const results = (r: { doc: Any }) => r.doc.response.operation.result as Any[];
async function session(): Promise<string> {
  const r = await post(envelope(loginAuth(), '<function controlid="s"><getAPISession /></function>'));
  return results(r)[0].data.api.sessionid;
}
const sid = (id: string) => `<sessionid>${id}</sessionid>`;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, records: 30, seed: 3 });
  line = sb.line as unknown as Line;
});
afterAll(() => sb.close());
beforeEach(async () => { await admin('reset'); });

describe('the JSON line and the transport', () => {
  it('names the gateway URL on 127.0.0.1, the sender, the company user and the admin API', () => {
    expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ia\/xml\/xmlgw\.phtml$/);
    expect(line).toMatchObject({ companyId: 'ACMEDEMO', userId: 'svc_api', senderId: 'mlconnector_sender' });
    expect(line.admin).toMatch(/\/__sandbox$/);
  });

  it('answers text/xml, gzip when asked, and refuses GET and other paths', async () => {
    const r = await post(envelope(loginAuth(), '<function controlid="f"><getAPISession/></function>'), { 'accept-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/xml; encoding="UTF-8";charset=UTF-8');
    expect((await fetch(line.url)).status).toBe(405);
    expect((await fetch(line.url.replace('xmlgw.phtml', 'other.phtml'), { method: 'POST', body: '<request/>' })).status).toBe(404);
  });
});

describe('envelope and control level', () => {
  it('malformed XML is a control failure XL03000003 in HTTP 200, and so is a JSON body or a control character', async () => {
    for (const body of ['<request><control><senderid>x</control></request>', '{"request":{}}', envelope(loginAuth(), '<function controlid="f"><readByQuery><object>VENDOR</object><query>NAME = \'\u0001\'</query></readByQuery></function>'), envelope(loginAuth(), '<function controlid="f"><readByQuery><object>VENDOR</object><query>NAME = \'&#1;\'</query></readByQuery></function>')]) {
      const r = await post(body);
      expect(r.status).toBe(200);
      expect(r.doc.response.control.status).toBe('failure');
      expect(r.doc.response.errormessage.error[0].errorno).toBe('XL03000003');
      expect(r.doc.response.operation).toBeUndefined();
    }
  });

  it('a function without its controlid attribute fails schema validation', async () => {
    const r = await post(envelope(loginAuth(), '<function><getAPISession/></function>'));
    expect(r.doc.response.errormessage.error[0].errorno).toBe('XL03000003');
  });

  it('wrong sender credentials: control failure XL03000006 with the Partner ID message, nothing runs; or HTTP 401 XMLGW_JPP0002 with the switch', async () => {
    const r = await post(envelope(loginAuth(), '<function controlid="f"><getAPISession/></function>', { senderPassword: 'nope' }));
    expect(r.doc.response.control).toMatchObject({ status: 'failure', senderid: line.senderId, controlid: 'req-1' });
    expect(r.doc.response.errormessage.error[0]).toMatchObject({ errorno: 'XL03000006', description2: 'Incorrect Intacct XML Partner ID or password.' });
    await admin('switches', { badSenderAnswer: 'http401' });
    const e = await post(envelope(loginAuth(), '<function controlid="f"><getAPISession/></function>', { sender: 'other' }));
    expect(e.status).toBe(401);
    expect(e.doc.response.errormessage.error[0].errorno).toBe('XMLGW_JPP0002');
  });

  it('echoes the control block and answers results in request order', async () => {
    const r = await post(envelope(loginAuth(), ['a', 'b', 'c'].map((c) => `<function controlid="${c}"><readByQuery><object>VENDOR</object><fields>VENDORID</fields><query></query><pagesize>1</pagesize></readByQuery></function>`).join('')));
    expect(r.doc.response.control).toEqual({ status: 'success', senderid: line.senderId, controlid: 'req-1', uniqueid: 'false', dtdversion: '3.0' });
    expect(results(r).map((x) => x.controlid)).toEqual(['a', 'b', 'c']);
  });
});

describe('authentication and sessions', () => {
  it('getAPISession answers a session id, an *.intacct.com endpoint, the entity, and a sliding expiry with offsets', async () => {
    const r = await post(envelope(loginAuth(), '<function controlid="sess-1"><getAPISession /></function>'));
    const auth = r.doc.response.operation.authentication;
    expect(auth).toMatchObject({ status: 'success', userid: line.userId, companyid: line.companyId, locationid: '' });
    expect(auth.sessiontimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(Date.parse(auth.sessiontimeout) - Date.parse(auth.sessiontimestamp)).toBe(3600_000);
    const api = results(r)[0].data.api;
    expect(api.sessionid).toMatch(/\.\.$/);
    expect(new URL(api.endpoint).hostname).toMatch(/\.intacct\.com$/);
    expect(api).toHaveProperty('locationid', '');
    const entity = await post(envelope(loginAuth(), '<function controlid="s"><getAPISession><locationid>WEST</locationid></getAPISession></function>'));
    expect(results(entity)[0].data.api.locationid).toBe('WEST');
  });

  it('a session works until it expires; each call slides it; after expiry the authentication block fails with no result', async () => {
    await admin('switches', { sessionTimeoutSeconds: 100 });
    const id = await session();
    await admin('clock', { advanceMs: 80_000 });
    const used = await post(envelope(sid(id), '<function controlid="f"><readByQuery><object>VENDOR</object><fields>VENDORID</fields><query></query><pagesize>1</pagesize></readByQuery></function>'));
    expect(results(used)[0].status).toBe('success');
    await admin('clock', { advanceMs: 80_000 }); // 160 s after the login, 80 s after the last use
    const still = await post(envelope(sid(id), '<function controlid="f"><readByQuery><object>VENDOR</object><fields>VENDORID</fields><query></query><pagesize>1</pagesize></readByQuery></function>'));
    expect(results(still)[0].status).toBe('success');
    await admin('clock', { advanceMs: 101_000 });
    const gone = await post(envelope(sid(id), '<function controlid="f"><getAPISession/></function>'));
    expect(gone.doc.response.control.status).toBe('success');
    expect(gone.doc.response.operation.authentication.status).toBe('failure');
    expect(gone.doc.response.operation.errormessage.error[0].errorno).toBe('XL03000006');
    expect(gone.doc.response.operation.result).toBeUndefined();
  });

  it('the expire fault and the admin verb end sessions on demand', async () => {
    const id = await session();
    await admin('faults', { once: [{ fault: 'expire' }] });
    const r = await post(envelope(sid(id), '<function controlid="f"><getAPISession/></function>'));
    expect(r.doc.response.operation.authentication.status).toBe('failure');
  });

  it('wrong password, unknown company, unauthorised sender and unknown entity fail authentication with userid/companyid still echoed', async () => {
    const bad = await post(envelope(loginAuth({ password: 'wrong' }), '<function controlid="f"><getAPISession/></function>'));
    expect(bad.doc.response.operation.authentication).toMatchObject({ status: 'failure', userid: line.userId, companyid: line.companyId });
    expect(bad.doc.response.operation.errormessage.error[0]).toMatchObject({ errorno: 'XL03000006', description2: 'Sign-in information is incorrect' });
    const company = await post(envelope(loginAuth({ company: 'NOPE' }), '<function controlid="f"><getAPISession/></function>'));
    expect(company.doc.response.operation.errormessage.error[0].description2).toBe('Sign-in information is incorrect');
    const entity = await post(envelope(loginAuth({ location: 'NORTH' }), '<function controlid="f"><getAPISession/></function>'));
    expect(entity.doc.response.operation.errormessage.error[0].description2).toMatch(/NORTH/);
    await admin('switches', { senderAuthorized: false });
    const sender = await post(envelope(loginAuth(), '<function controlid="f"><getAPISession/></function>'));
    expect(sender.doc.response.operation.errormessage.error[0]).toMatchObject({ errorno: 'XL03000006', description: 'Invalid Web Services Authorization' });
    expect(sender.text).toContain('&#039;');
  });
});

describe('reads', () => {
  it('readByQuery + readMore page by resultId with count/totalcount/numremaining and only the requested fields', async () => {
    const id = await session();
    const first = await post(envelope(sid(id), "<function controlid=\"q\"><readByQuery><object>VENDOR</object><fields>RECORDNO,VENDORID,DISPLAYCONTACT.EMAIL1</fields><query>STATUS = 'T'</query><pagesize>10</pagesize></readByQuery></function>"));
    const data = results(first)[0].data;
    expect(data['@listtype']).toBe('vendor');
    const total = Number(data['@totalcount']);
    expect(total).toBeGreaterThan(10);
    expect(Number(data['@count'])).toBe(10);
    expect(Number(data['@numremaining'])).toBe(total - 10);
    expect(Object.keys(data.vendor[0])).toEqual(['RECORDNO', 'VENDORID', 'DISPLAYCONTACT.EMAIL1']);
    const seen = data.vendor.map((v: Any) => v.RECORDNO);
    let resultId = data['@resultId'];
    while (resultId) {
      const more = results(await post(envelope(sid(id), `<function controlid="m"><readMore><resultId>${resultId}</resultId></readMore></function>`)))[0].data;
      seen.push(...(more.vendor ?? []).map((v: Any) => v.RECORDNO));
      resultId = more['@numremaining'] === '0' ? '' : more['@resultId'];
      if (more['@numremaining'] === '0') expect(more['@resultId']).toBe('');
    }
    expect(new Set(seen).size).toBe(total);
  });

  it('readMore continues a readByQuery made with login credentials on every request (the official SDK loop), but not from another session', async () => {
    const rbq = '<function controlid="q"><readByQuery><object>VENDOR</object><fields>VENDORID</fields><query></query><pagesize>5</pagesize></readByQuery></function>';
    const resultId = results(await post(envelope(loginAuth(), rbq)))[0].data['@resultId'];
    const more = results(await post(envelope(loginAuth(), `<function controlid="m"><readMore><resultId>${resultId}</resultId></readMore></function>`)))[0];
    expect(more.status).toBe('success');
    expect(Number(more.data['@count'])).toBe(5);
    const other = results(await post(envelope(sid(await session()), `<function controlid="m"><readMore><resultId>${resultId}</resultId></readMore></function>`)))[0];
    expect(other.status).toBe('failure');
  });

  it('query pages by offset, filters with and/or, compares WHENMODIFIED as a date, and orders', async () => {
    const id = await session();
    const q = (offset: number, filter: string) => `<function controlid="q${offset}"><query><object>APBILL</object><select><field>RECORDNO</field><field>STATE</field><field>WHENMODIFIED</field></select><filter>${filter}</filter><orderby><order><field>RECORDNO</field><ascending/></order></orderby><options><caseinsensitive>false</caseinsensitive><showprivate>false</showprivate></options><pagesize>5</pagesize><offset>${offset}</offset></query></function>`;
    const filter = '<and><in><field>STATE</field><value>Posted</value><value>Draft</value></in><greaterthanorequalto><field>WHENMODIFIED</field><value>01/01/2000 00:00:00</value></greaterthanorequalto></and>';
    const p0 = results(await post(envelope(sid(id), q(0, filter))))[0].data;
    expect(p0['@listtype']).toBe('APBILL');
    expect(p0['@offset']).toBe('0');
    expect(p0.APBILL.every((b: Any) => ['Posted', 'Draft'].includes(b.STATE))).toBe(true);
    const p1 = results(await post(envelope(sid(id), q(5, filter))))[0].data;
    expect(Number(p1['@numremaining'])).toBe(Number(p0['@totalcount']) - 5 - Number(p1['@count']));
    expect(Number(p1.APBILL[0].RECORDNO)).toBeGreaterThan(Number(p0.APBILL[4].RECORDNO));
    // A date in December 1999 sorts after January 2000 as text but before it as a date.
    const none = results(await post(envelope(sid(id), q(0, '<lessthan><field>WHENMODIFIED</field><value>12/31/1999 23:59:59</value></lessthan>'))))[0].data;
    expect(none['@totalcount']).toBe('0');
  });

  it('readByQuery compares stored characters (STATE = \'A\'), dates as dates, and escapes quotes with a backslash', async () => {
    const id = await session();
    const posted = results(await post(envelope(sid(id), "<function controlid=\"q\"><readByQuery><object>APBILL</object><fields>RECORDNO,STATE</fields><query>RAWSTATE = 'A' AND WHENCREATED &gt;= '01/01/2000'</query><pagesize>1000</pagesize></readByQuery></function>")))[0];
    expect(posted.status).toBe('success');
    expect(posted.data.apbill.every((b: Any) => b.STATE !== 'Draft')).toBe(true);
    await admin('edit', { object: 'VENDOR', key: 'V1001', changes: { NAME: "Erik's Deli" } });
    const quoted = results(await post(envelope(sid(id), "<function controlid=\"q\"><readByQuery><object>VENDOR</object><fields>VENDORID</fields><query>NAME = 'Erik\\'s Deli'</query></readByQuery></function>")))[0];
    expect(quoted.data.vendor.map((v: Any) => v.VENDORID)).toEqual(['V1001']);
  });

  it('read returns one APBILL with its APBILLITEMS; unknown fields and objects fail the function alone', async () => {
    const id = await session();
    const r = await post(envelope(sid(id), '<function controlid="r"><read><object>APBILL</object><keys>1</keys><fields>*</fields></read></function><function controlid="bad"><readByQuery><object>VENDOR</object><fields>NOPE</fields><query></query></readByQuery></function><function controlid="obj"><read><object>WIDGET</object><keys>1</keys></read></function>'));
    const [bill, bad, obj] = results(r);
    expect(bill.data.APBILL[0].APBILLITEMS.apbillitem.length).toBeGreaterThan(0);
    expect(bill.data.APBILL[0].WHENCREATED).toMatch(/^\d\d\/\d\d\/\d{4}$/);
    expect(bill.data.APBILL[0].WHENMODIFIED).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
    expect(bad.status).toBe('failure');
    expect(obj.status).toBe('failure');
  });

  it('a page size above the gateway maximum is refused', async () => {
    const r = await post(envelope(loginAuth(), '<function controlid="q"><readByQuery><object>VENDOR</object><query></query><pagesize>1001</pagesize></readByQuery></function>'));
    expect(results(r)[0].status).toBe('failure');
  });

  it('an object the user has no permission on fails with a permission message', async () => {
    await admin('switches', { deniedObjects: 'APBILL' });
    const r = await post(envelope(loginAuth(), '<function controlid="q"><readByQuery><object>APBILL</object><query></query></readByQuery></function>'));
    expect(results(r)[0].errormessage.error[0].description2).toMatch(/permission/i);
  });
});

describe('writes, idempotency and transactions', () => {
  const createVendor = (id: string, name: string, controlid = `c-${id}`) =>
    `<function controlid="${controlid}"><create><VENDOR><VENDORID>${id}</VENDORID><NAME>${name}</NAME><DISPLAYCONTACT><PRINTAS /><FIRSTNAME>Ann</FIRSTNAME><EMAIL1>ann@x.example</EMAIL1><MAILADDRESS><CITY>Austin</CITY></MAILADDRESS></DISPLAYCONTACT></VENDOR></create></function>`;

  it('create then readByName in one request; the contact lands in the contact list named Name(VId)', async () => {
    const r = await post(envelope(loginAuth(), `${createVendor('V9', 'Nine &amp; Co')}<function controlid="r-V9"><readByName><object>VENDOR</object><keys>V9</keys><fields>VENDORID,NAME,STATUS,DISPLAYCONTACT.CONTACTNAME,DISPLAYCONTACT.MAILADDRESS.CITY</fields></readByName></function>`, { uniqueid: 'true' }));
    const [c, rd] = results(r);
    expect(c.data).toMatchObject({ '@listtype': 'objects', '@count': '1', vendor: [{ VENDORID: 'V9' }] });
    expect(rd.data.vendor[0]).toEqual({ VENDORID: 'V9', NAME: 'Nine & Co', STATUS: 'active', 'DISPLAYCONTACT.CONTACTNAME': 'Nine & Co(VV9)', 'DISPLAYCONTACT.MAILADDRESS.CITY': 'Austin' });
  });

  it('a CONTACT needs its PRINTAS on create (required, as the gateway documents), and may be updated by CONTACTNAME or RECORDNO', async () => {
    const bare = results(await post(envelope(loginAuth(), '<function controlid="c1"><create><CONTACT><CONTACTNAME>No Print</CONTACTNAME><FIRSTNAME>Nan</FIRSTNAME></CONTACT></create></function>')))[0];
    expect(bare.status).toBe('failure');
    expect(JSON.stringify(bare.errormessage)).toContain('Required field PRINTAS is missing');
    const made = results(await post(envelope(loginAuth(), '<function controlid="c2"><create><CONTACT><CONTACTNAME>With Print</CONTACTNAME><PRINTAS>With Print</PRINTAS></CONTACT></create></function>')))[0];
    expect(made.status).toBe('success');
    const recordNo = made.data.contact[0].RECORDNO as string;
    const byName = results(await post(envelope(loginAuth(), '<function controlid="u1"><update><CONTACT><CONTACTNAME>With Print</CONTACTNAME><PHONE1>1</PHONE1></CONTACT></update></function>')))[0];
    const byNo = results(await post(envelope(loginAuth(), `<function controlid="u2"><update><CONTACT><RECORDNO>${recordNo}</RECORDNO><PHONE1>2</PHONE1></CONTACT></update></function>`)))[0];
    expect([byName.status, byNo.status]).toEqual(['success', 'success']);
  });

  it('the legacy delete_contact / delete_vendor name their record in an attribute; a missing one fails the function alone', async () => {
    await post(envelope(loginAuth(), '<function controlid="c"><create><CONTACT><CONTACTNAME>Gone Soon</CONTACTNAME><PRINTAS>Gone Soon</PRINTAS></CONTACT></create></function>'));
    const r = await post(envelope(loginAuth(), '<function controlid="d1"><delete_contact contactname="Gone Soon"></delete_contact></function><function controlid="d2"><delete_vendor vendorid="NOPE"/></function>'));
    const [ok, missing] = results(r);
    expect([ok.status, ok.function, ok.data]).toEqual(['success', 'delete_contact', undefined]);
    expect([missing.status, JSON.stringify(missing.errormessage)]).toEqual(['failure', expect.stringContaining('Cannot find vendor with key')]);
    const held = await fetch(`${line.admin}/record`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ object: 'CONTACT', key: 'Gone Soon' }) });
    expect(held.status).toBe(404);
  });

  it('a duplicate VENDORID fails with BL34000061 and its companion error, data count 0', async () => {
    await post(envelope(loginAuth(), createVendor('V77', 'Seven')));
    const r = await post(envelope(loginAuth(), createVendor('V77', 'Seven again', 'other')));
    const res = results(r)[0];
    expect(res.status).toBe('failure');
    expect(res.data).toMatchObject({ '@count': '0' });
    expect(res.errormessage.error.map((e: Any) => e.errorno)).toEqual(['BL34000061', 'BL01001973']);
  });

  it('dimension values on a vendor must exist: an unknown department or user-defined dimension value fails the function alone', async () => {
    const withDims = (id: string, dims: string, controlid = `c-${id}`) => `<function controlid="${controlid}"><create><VENDOR><VENDORID>${id}</VENDORID><NAME>Dim ${id}</NAME>${dims}</VENDOR></create></function>`;
    const r = await post(envelope(loginAuth(), [
      withDims('D1', '<DEPARTMENTID>OPS</DEPARTMENTID><LOCATIONID>WEST</LOCATIONID><GLDIMPARTNER>P-CORE</GLDIMPARTNER>'),
      withDims('D2', '<DEPARTMENTID>NOPE</DEPARTMENTID>'),
      withDims('D3', '<GLDIMPARTNER>P-NOPE</GLDIMPARTNER>'),
      `<function controlid="u-D1"><update><VENDOR><VENDORID>D1</VENDORID><LOCATIONID>MOON</LOCATIONID></VENDOR></update></function>`,
    ].join('')));
    const [ok, dept, udd, upd] = results(r);
    expect(ok.status).toBe('success');
    expect([dept, udd, upd].map((x: Any) => x.status)).toEqual(['failure', 'failure', 'failure']);
    // Apostrophes come as &#039;, as the gateway writes them (spec §7).
    const said = (x: Any) => x.errormessage.error.map((e: Any) => [e.errorno, String(e.description2).replaceAll('&#039;', "'")]);
    expect(said(dept)).toEqual([['BL01001973', "Invalid Department 'NOPE' specified."], ['BL01001973', 'Could not create Vendor record!']]);
    expect(said(udd)[0]).toEqual(['BL01001973', "Invalid Partner 'P-NOPE' specified."]);
    expect(said(upd).map((e: string[]) => e[1])).toEqual(["Invalid Location 'MOON' specified.", 'Could not update Vendor record!']);
    expect(await admin('record', { object: 'VENDOR', key: 'D1' })).toMatchObject({ DEPARTMENTID: 'OPS', LOCATIONID: 'WEST', GLDIMPARTNER: 'P-CORE' });
    expect((await admin('records', { object: 'VENDOR' })).map((v: Any) => v.VENDORID)).not.toContain('D2');
    // The gateway lists the user-defined dimension among the vendor's fields.
    const look = results(await post(envelope(loginAuth(), '<function controlid="l"><lookup><object>VENDOR</object></lookup></function>')))[0];
    expect(JSON.stringify(look.data)).toContain('GLDIMPARTNER');
  });

  it('uniqueid=true with a repeated function controlid never runs it twice (the 524 answer was lost)', async () => {
    await admin('faults', { once: [{ fault: '524', resource: 'create' }] });
    const lost = await post(envelope(loginAuth(), createVendor('V55', 'Fifty-five'), { uniqueid: 'true' }));
    expect(lost.status).toBe(524);
    const again = await post(envelope(loginAuth(), createVendor('V55', 'Fifty-five'), { uniqueid: 'true' }));
    expect(results(again)[0]).toMatchObject({ status: 'success', controlid: 'c-V55' });
    const all = (await admin('records', { object: 'VENDOR' })) as Any[];
    expect(all.filter((v) => v.VENDORID === 'V55')).toHaveLength(1);
    await admin('switches', { duplicateControlId: 'reject' });
    const rejected = await post(envelope(loginAuth(), createVendor('V55', 'Fifty-five'), { uniqueid: 'true' }));
    expect(results(rejected)[0].status).toBe('failure');
  });

  it('transaction="true" rolls back earlier functions and marks them aborted with XL03000009', async () => {
    const r = await post(envelope(loginAuth(), `${createVendor('V61', 'Sixty-one')}${createVendor('V1001', 'Clash')}${createVendor('V62', 'Sixty-two')}`, { transaction: true }));
    expect(results(r).map((x) => x.status)).toEqual(['aborted', 'failure', 'aborted']);
    expect(results(r)[0].errormessage.error[0].errorno).toBe('XL03000009');
    const all = (await admin('records', { object: 'VENDOR' })) as Any[];
    expect(all.some((v) => v.VENDORID === 'V61' || v.VENDORID === 'V62')).toBe(false);
  });

  it('update advances WHENMODIFIED and changes only the given fields; a missing key fails', async () => {
    const before = (await admin('record', { object: 'VENDOR', key: 'V1002' })) as Any;
    await admin('clock', { advanceMs: 5_000 });
    const r = await post(envelope(loginAuth(), '<function controlid="u"><update><VENDOR><VENDORID>V1002</VENDORID><NAME>Renamed</NAME></VENDOR></update></function><function controlid="u2"><update><VENDOR><VENDORID>NOPE</VENDORID><NAME>x</NAME></VENDOR></update></function>'));
    expect(results(r).map((x) => x.status)).toEqual(['success', 'failure']);
    const after = (await admin('record', { object: 'VENDOR', key: 'V1002' })) as Any;
    expect(after.NAME).toBe('Renamed');
    expect(after.TERMNAME).toBe(before.TERMNAME);
    expect(after.WHENMODIFIED).not.toBe(before.WHENMODIFIED);
  });

  it('creates an APBILL with lines and reads it back with totals', async () => {
    const r = await post(envelope(loginAuth(), '<function controlid="b"><create><APBILL><WHENCREATED>06/01/2024</WHENCREATED><WHENDUE>07/01/2024</WHENDUE><VENDORID>V1003</VENDORID><RECORDID>INV-9874</RECORDID><APBILLITEMS><APBILLITEM><ACCOUNTNO>6000</ACCOUNTNO><TRX_AMOUNT>750.75</TRX_AMOUNT></APBILLITEM><APBILLITEM><ACCOUNTNO>6100</ACCOUNTNO><TRX_AMOUNT>100</TRX_AMOUNT></APBILLITEM></APBILLITEMS></APBILL></create></function>'));
    const recordNo = results(r)[0].data.apbill[0].RECORDNO;
    const bill = (await admin('record', { object: 'APBILL', key: recordNo })) as Any;
    expect(bill).toMatchObject({ STATE: 'Posted', TOTALENTERED: '850.75', WHENCREATED: '06/01/2024', VENDORNAME: expect.any(String) });
    expect(bill.APBILLITEMS).toHaveLength(2);
  });
});

describe('the legacy create_bill (the official SDK\'s BillCreate)', () => {
  // The function body exactly as @intacct/intacct-sdk 2.2.1 BillCreate writes it (captured from the SDK).
  const sdkBill = (vendor: string, line2 = '<lineitem><glaccountno>6100</glaccountno><amount>3</amount></lineitem>') =>
    `<function controlid="b1"><create_bill><vendorid>${vendor}</vendorid><datecreated><year>2026</year><month>11</month><day>30</day></datecreated><datedue><year>2026</year><month>12</month><day>30</day></datedue><action>Draft</action><billno>B-1</billno><ponumber>PO-9</ponumber><description>desc &amp; more</description><currency>USD</currency><exchratetype /><billitems><lineitem><glaccountno>6000</glaccountno><amount>12.5</amount><memo>rope</memo><locationid>L1</locationid><departmentid>D1</departmentid></lineitem>${line2}</billitems></create_bill></function>`;

  it('creates the same APBILL a generic create would, and answers the legacy <key>', async () => {
    const [res] = results(await post(envelope(loginAuth(), sdkBill('V1001'))));
    expect(res).toMatchObject({ status: 'success', function: 'create_bill', controlid: 'b1' });
    expect(res.key).toMatch(/^\d+$/);
    expect(res.data).toBeUndefined();
    const [bill] = results(await post(envelope(loginAuth(), `<function controlid="r"><read><object>APBILL</object><keys>${res.key}</keys><fields>*</fields></read></function>`)));
    const b = bill.data.APBILL[0];
    expect(b).toMatchObject({ VENDORID: 'V1001', RECORDID: 'B-1', DOCNUMBER: 'PO-9', DESCRIPTION: 'desc & more', WHENCREATED: '11/30/2026', WHENDUE: '12/30/2026', STATE: 'Draft', CURRENCY: 'USD' });
    expect(b.APBILLITEMS.apbillitem.map((l: Any) => [l.ACCOUNTNO, l.TRX_AMOUNT, l.ENTRYDESCRIPTION ?? ''])).toEqual([['6000', '12.5', 'rope'], ['6100', '3', '']]);
  });

  it('fails alone, with the gateway\'s words, for an unknown vendor or an account label', async () => {
    const [unknown] = results(await post(envelope(loginAuth(), sdkBill('NOPE'))));
    expect(unknown.status).toBe('failure');
    expect(JSON.stringify(unknown.errormessage)).toMatch(/Invalid Vendor (&#039;|')NOPE/);
    const [label] = results(await post(envelope(loginAuth(), sdkBill('V1001', '<lineitem><accountlabel>Supplies</accountlabel><amount>3</amount></lineitem>'))));
    expect(JSON.stringify(label.errormessage)).toContain('Account labels are not enabled');
  });
});

describe('faults', () => {
  it('429 carries GW-0010; 502 and 503 are HTML pages', async () => {
    await admin('faults', { once: [{ fault: '429' }, { fault: '503' }, { fault: '502' }] });
    const r429 = await post(envelope(loginAuth(), '<function controlid="f"><getAPISession/></function>'));
    expect(r429.status).toBe(429);
    expect(r429.text).toContain('GW-0010');
    expect((await post('<request/>')).status).toBe(503);
    expect((await post('<request/>')).status).toBe(502);
  });
});
