// Seeded, realistic company data: vendors with their contacts and addresses, AP bills with several lines
// in posted, partially paid, paid and draft states, a few customers, and a user-defined dimension.
import { seededRandom } from '../../kit/sandbox/random.ts';
import { OBJECTS, type ObjectDef } from './objects.ts';
import type { Row, Store } from './store.ts';

const COMPANY_WORDS = ['Apex', 'Blue Ridge', 'Cedar', 'Delta', 'Evergreen', 'Falcon', 'Granite', 'Harbor', 'Iron Gate', 'Juniper', 'Keystone', 'Lakeside', 'Meridian', 'Northwind', 'Oakridge', 'Pinnacle', 'Quarry', 'Redwood', 'Summit', 'Tidewater'];
const COMPANY_KINDS = ['Supply Co', 'Logistics', 'Office Products', 'Consulting LLC', 'Printing', 'Facilities Inc', 'Software', 'Janitorial', 'Freight', 'Legal Services'];
const FIRST = ['Ann', 'Bruno', 'Chloé', 'Dmitri', 'Erin', 'Farah', 'Gus', 'Hana', 'Iker', 'June', 'Kofi', 'Lena', 'Mateo', 'Nia', "Liam O'Brien", 'Priya'];
const LAST = ['Lee', 'Schmidt', 'Dubois', 'Ivanov', 'Walsh', 'Haddad', 'Olsen', 'Sato', 'García', 'Park', 'Mensah', 'Novak', 'Rossi', 'Okafor', 'Reyes', 'Patel'];
const CITIES = [['Austin', 'TX', '78701'], ['Denver', 'CO', '80202'], ['Portland', 'OR', '97204'], ['Chicago', 'IL', '60601'], ['Atlanta', 'GA', '30303'], ['Boston', 'MA', '02108']] as const;
const ACCOUNTS = [['6000', 'Professional Services'], ['6100', 'Office Supplies'], ['6200', 'Freight Expense'], ['6300', 'Software Subscriptions'], ['6400', 'Repairs and Maintenance']] as const;
const DEPARTMENTS = ['ADM', 'OPS', 'SAL', 'ENG'];
const DEPARTMENT_TITLES: Record<string, string> = { ADM: 'Administration', OPS: 'Operations', SAL: 'Sales', ENG: 'Engineering' };
/** The locations of the seeded company: its entities (switch `entities`, WEST and EAST by default). */
const LOCATIONS = [['WEST', 'West Coast'], ['EAST', 'East Coast']] as const;
const PARTNERS = [['P-ACME', 'Acme Partners'], ['P-BRIDGE', 'Bridge Alliance'], ['P-CORE', 'Core Channel']] as const;
const DAY = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2).replace(/\.00$/, '');

export interface SeedOptions {
  vendors: number;
  seed: number;
  /** Anchor for dates; data spreads over the 60 days before it. */
  now: number;
}

function contactRow(name: string, first: string, last: string, company: string, email: string, city: (typeof CITIES)[number], rnd: () => number): Row {
  return {
    CONTACTNAME: name, PRINTAS: company, COMPANYNAME: company, FIRSTNAME: first, LASTNAME: last, PREFIX: null, INITIAL: null,
    PHONE1: `555-01${String(Math.floor(rnd() * 100)).padStart(2, '0')}`, PHONE2: null, CELLPHONE: null, PAGER: null, FAX: null,
    EMAIL1: email, EMAIL2: null, URL1: null, URL2: null, TAXABLE: 'true', TAXGROUP: null, TAXID: null, VISIBLE: 'true', STATUS: 'active',
    'MAILADDRESS.ADDRESS1': `${100 + Math.floor(rnd() * 900)} Main St`, 'MAILADDRESS.ADDRESS2': null, 'MAILADDRESS.ADDRESS3': null,
    'MAILADDRESS.CITY': city[0], 'MAILADDRESS.STATE': city[1], 'MAILADDRESS.ZIP': city[2], 'MAILADDRESS.COUNTRY': 'United States', 'MAILADDRESS.COUNTRYCODE': 'US',
    CREATEDBY: '1', MODIFIEDBY: '1',
  };
}

/** Fills the store. Vendors `V1001…`, their contacts, ~2.5 bills each with 1–5 lines. */
export function seedStore(store: Store, opts: SeedOptions): void {
  store.reset();
  const rnd = seededRandom(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const stamp = () => opts.now - Math.floor(rnd() * 60 * DAY);
  const def = (n: string): ObjectDef => OBJECTS[n]!;

  for (const [id, name] of PARTNERS) store.insert(def('PARTNER'), { id, name }, stamp());
  // Set up before any of the data (and without drawing from the seeded sequence, so the rest stays as it was).
  for (const id of DEPARTMENTS) store.insert(def('DEPARTMENT'), { DEPARTMENTID: id, TITLE: DEPARTMENT_TITLES[id]!, STATUS: 'active' }, opts.now - 90 * DAY);
  for (const [id, name] of LOCATIONS) store.insert(def('LOCATION'), { LOCATIONID: id, NAME: name, STATUS: 'active' }, opts.now - 90 * DAY);

  for (let i = 0; i < opts.vendors; i++) {
    const company = `${COMPANY_WORDS[i % COMPANY_WORDS.length]} ${COMPANY_KINDS[Math.floor(i / COMPANY_WORDS.length) % COMPANY_KINDS.length]}${i >= 200 ? ` ${Math.floor(i / 200) + 1}` : ''}`;
    const vendorId = `V${1001 + i}`;
    const city = pick(CITIES);
    const domain = `${company.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example.com`;
    const first = pick(FIRST);
    const last = pick(LAST);
    const primary = `${company}(V${vendorId})`;
    const at = stamp();
    store.insert(def('CONTACT'), contactRow(primary, first, last, company, `${first.toLowerCase().replace(/[^a-z]/g, '')}.${last.toLowerCase().replace(/[^a-z]/g, '')}@${domain}`, city, rnd), at);
    let payTo = primary;
    if (rnd() < 0.6) {
      const f2 = pick(FIRST);
      const l2 = pick(LAST);
      payTo = `${l2}, ${f2} (${vendorId})`;
      store.insert(def('CONTACT'), contactRow(payTo, f2, l2, company, `ap@${domain}`, city, rnd), at);
    }
    const vendor = store.insert(def('VENDOR'), {
      VENDORID: vendorId, NAME: company, NAME1099: company, PARENTID: null, STATUS: i % 17 === 16 ? 'inactive' : 'active',
      ONETIME: 'false', ONHOLD: 'false', TERMNAME: pick(['N30', 'N15', 'Due on receipt']), VENDORACCOUNTNO: `ACCT-${4000 + i}`, TAXID: null,
      CREDITLIMIT: null, TOTALDUE: '0', VENDTYPE: pick(['Supplier', 'Contractor']), GLGROUP: null, COMMENTS: null, CURRENCY: 'USD',
      PAYMENTPRIORITY: 'Normal', MEGAENTITYID: null, MEGAENTITYNAME: null, CREATEDBY: '1', MODIFIEDBY: '1',
      'DISPLAYCONTACT.CONTACTNAME': primary, 'CONTACTINFO.CONTACTNAME': primary, 'PAYTO.CONTACTNAME': payTo, 'RETURNTO.CONTACTNAME': primary,
    }, at);

    const bills = 1 + Math.floor(rnd() * 4);
    let due = 0;
    for (let b = 0; b < bills; b++) {
      const created = at - Math.floor(rnd() * 30) * DAY;
      const lines = 1 + Math.floor(rnd() * 5);
      const amounts = Array.from({ length: lines }, () => Math.round((50 + rnd() * 4950) * 100) / 100);
      const total = amounts.reduce((s, a) => s + a, 0);
      const r = rnd();
      const state = r < 0.55 ? 'Posted' : r < 0.7 ? 'Partially Paid' : r < 0.85 ? 'Paid' : 'Draft';
      const paid = state === 'Paid' ? total : state === 'Partially Paid' ? Math.round(total * 40) / 100 : 0;
      const billAt = Math.max(created, at - DAY) + Math.floor(rnd() * DAY);
      const bill = store.insert(def('APBILL'), {
        RECORDTYPE: 'apbill', RECORDID: `INV-${20000 + i * 10 + b}`, STATE: state, RAWSTATE: state === 'Draft' ? 'D' : 'A',
        VENDORID: vendorId, VENDORNAME: company, DOCNUMBER: `PO-${7000 + i * 10 + b}`, DESCRIPTION: `${pick(ACCOUNTS)[1]} for ${company}`,
        TERMNAME: vendor.TERMNAME ?? null, WHENCREATED: iso(created), WHENPOSTED: state === 'Draft' ? null : iso(created), WHENDUE: iso(created + 30 * DAY),
        WHENPAID: state === 'Paid' ? iso(created + 20 * DAY) : null, BASECURR: 'USD', CURRENCY: 'USD', EXCHANGE_RATE: '1',
        TOTALENTERED: money(total), TOTALPAID: money(paid), TOTALDUE: money(total - paid),
        TRX_TOTALENTERED: money(total), TRX_TOTALPAID: money(paid), TRX_TOTALDUE: money(total - paid),
        ONHOLD: 'false', MEGAENTITYID: null, MEGAENTITYNAME: null, CREATEDBY: '1', MODIFIEDBY: '1',
      }, billAt);
      amounts.forEach((amount, k) => {
        const [accountNo, title] = pick(ACCOUNTS);
        store.insert(def('APBILLITEM'), {
          RECORDKEY: bill.RECORDNO ?? null, LINE_NO: String(k + 1), ACCOUNTNO: accountNo, ACCOUNTTITLE: title, AMOUNT: money(amount), TRX_AMOUNT: money(amount),
          ENTRYDESCRIPTION: `${title} — line ${k + 1}`, DEPARTMENTID: pick(DEPARTMENTS), LOCATIONID: pick(['WEST', 'EAST']), CLASSID: null, PROJECTID: null,
          VENDORID: vendorId, CURRENCY: 'USD', BASECURR: 'USD', GLDIMPARTNER: rnd() < 0.3 ? pick(PARTNERS)[0] : null,
        }, billAt);
      });
      if (state !== 'Draft') due += total - paid;
    }
    vendor.TOTALDUE = money(due);
  }

  for (let i = 0; i < Math.max(3, Math.floor(opts.vendors / 10)); i++) {
    const name = `${pick(COMPANY_WORDS)} Retail ${i + 1}`;
    store.insert(def('CUSTOMER'), { CUSTOMERID: `C${2001 + i}`, NAME: name, STATUS: 'active', ONHOLD: 'false', TERMNAME: 'N30', CUSTTYPE: null, CREDITLIMIT: '10000', TOTALDUE: '0', CURRENCY: 'USD', CREATEDBY: '1', MODIFIEDBY: '1' }, stamp());
  }
  store.settle();
}
