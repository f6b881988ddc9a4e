// The legacy 2.1 function `create_bill`, which the official SDK's BillCreate object class sends (spec
// §6.1; the generic `create` of APBILL is the 3.0 way). Its elements are translated to the APBILL
// fields and the bill is written by the same code as a generic create, so both paths store the same
// bill; the answer is the legacy one: `<key>` with the new RECORDNO instead of `<data>`.
//
//   <create_bill><vendorid>V1</vendorid><datecreated><year>2026</year><month>11</month><day>30</day></datecreated>
//     <datedue>…</datedue><action>Draft</action><billno>B-1</billno><ponumber>PO-9</ponumber><description/>
//     <currency>USD</currency><billitems><lineitem><glaccountno>6000</glaccountno><amount>12.5</amount>
//     <memo/><locationid/><departmentid/></lineitem></billitems></create_bill>
import { childI, el, type XmlNode, type XmlTreeElement } from '../../kit/formats/xml-tree.ts';
import type { FunctionContext } from './context.ts';
import { functionFailed } from './errors.ts';
import { write } from './writes.ts';

const HEADER: Record<string, string> = {
  vendorid: 'VENDORID', termname: 'TERMNAME', action: 'ACTION', billno: 'RECORDID', ponumber: 'DOCNUMBER',
  description: 'DESCRIPTION', currency: 'CURRENCY', basecurr: 'BASECURR', exchrate: 'EXCHANGE_RATE',
};
const DATES: Record<string, string> = { datecreated: 'WHENCREATED', dateposted: 'WHENPOSTED', datedue: 'WHENDUE' };
const LINE: Record<string, string> = {
  glaccountno: 'ACCOUNTNO', amount: 'TRX_AMOUNT', memo: 'ENTRYDESCRIPTION', locationid: 'LOCATIONID', departmentid: 'DEPARTMENTID',
  projectid: 'PROJECTID', classid: 'CLASSID',
};

const node = (name: string, text: string, children: XmlNode[] = []): XmlNode => ({ name, attrs: {}, children, text });

/** `<datecreated><year>2026</year><month>11</month><day>30</day></datecreated>` → `11/30/2026`. */
function legacyDate(n: XmlNode, field: string): string {
  const part = (p: string) => (childI(n, p)?.text ?? '').trim();
  const [y, m, d] = [part('year'), part('month'), part('day')];
  if (!/^\d{4}$/.test(y) || !/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d)) {
    throw functionFailed('BL01001973', `Invalid date in <${n.name}>: give <year>, <month> and <day>.`, `Correct ${field}.`);
  }
  return `${m.padStart(2, '0')}/${d.padStart(2, '0')}/${y}`;
}

function translate(fields: Record<string, string>, source: XmlNode, what: string): XmlNode[] {
  const out: XmlNode[] = [];
  for (const c of source.children) {
    const name = c.name.toLowerCase();
    if (fields[name] !== undefined) {
      if (c.text.trim() !== '') out.push(node(fields[name], c.text.trim()));
    } else if (what === 'bill' && DATES[name]) out.push(node(DATES[name], legacyDate(c, DATES[name])));
    else if (name === 'accountlabel') throw functionFailed('BL01001973', 'Account labels are not enabled in this company.', 'Give each line a <glaccountno> instead of an <accountlabel>.');
    else if (name === 'billitems' || name === 'exchratetype' || name === 'exchratedate' || name === 'customfields') continue;
    else throw functionFailed('XL03000003', `Element ${c.name} is not expected in <${what === 'bill' ? 'create_bill' : 'lineitem'}>.`, 'Remove the element.');
  }
  return out;
}

export function createBill(ctx: FunctionContext, fn: XmlNode): XmlTreeElement {
  const lines = (childI(fn, 'billitems')?.children ?? []).filter((l) => l.name.toLowerCase() === 'lineitem');
  const bill = node('APBILL', '', [...translate(HEADER, fn, 'bill'), node('APBILLITEMS', '', lines.map((l) => node('APBILLITEM', '', translate(LINE, l, 'line'))))]);
  const data = write(ctx, node('create', '', [bill]), 'create');
  const created = (data.content as XmlTreeElement[])[0]!;
  const recordNo = (created.content as XmlTreeElement[]).find((c) => c.name === 'RECORDNO')!.content as string;
  return el('key', recordNo);
}
