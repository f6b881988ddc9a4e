// Seeded, realistic org data: the products the firm sells (codes matching the Sage 300 sandbox's
// item numbers, plus one service with no Sage item), customer accounts with contacts, and deals at
// every stage, some already Closed Won. Deterministic for a given seed.
import { seededRandom } from '../../kit/sandbox/random.ts';
import { DEAL_STAGES, MODULE_BY_NAME, type ModuleDef } from './modules.ts';
import type { OrgStore } from './store.ts';

export const SEED_PRODUCTS: { code: string; name: string; price: number }[] = [
  { code: 'A1-105/0', name: 'Steel Shelving Unit 1.8 m', price: 149.5 },
  { code: 'A1-310/0', name: 'Fluorescent Desk Lamp', price: 39.99 },
  { code: 'B2-220/4', name: 'Cordless Drill 18 V', price: 219 },
  { code: 'C3-001/1', name: 'Conference Table — Walnut', price: 1250 },
  { code: 'D4-777/2', name: 'Ergonomic Chair «Comfort+»', price: 389.95 },
  // Sold in Zoho, not stocked in Sage 300: a deal with it fails until the item exists.
  { code: 'ZP-900', name: 'Extended Warranty (3 years)', price: 99 },
];

const NAMES = ['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Wingtip', 'Litware', 'Adatum', 'Proseware', 'Lucerne', 'Margie', 'Fourth Coffee', 'Alpine Ski', 'Blue Yonder', 'Coho Vineyard', 'Graphic Design', 'Humongous', 'Southridge', 'Trey Research', 'Wide World', 'Woodgrove'];
const SUFFIX = ['Ltd', 'GmbH', 'Inc.', 'S.A.', 'LLC', 'Pty Ltd', 'Co.', 'AG', 'SARL', 'BV'];
const FIRST = ['Ana', 'Bruno', 'Chloé', 'Dmitri', 'Eva', 'Farid', 'Greta', 'Hiro', 'Inès', 'Jonas', 'Kaito', 'Lena', 'Mateo', 'Nora', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tariq'];
const LAST = ['Almeida', 'Bauer', 'Chen', "O'Brien", 'Dubois', 'Eriksson', 'Fischer', 'García', 'Haddad', 'Ivanova', 'Jansen', 'Kowalski', 'Larsen', 'Müller', 'Nakamura'];
const CITIES: [string, string, string, string][] = [['Leeds', '', 'LS1 4AP', 'United Kingdom'], ['Lyon', '', '69002', 'France'], ['Austin', 'TX', '78701', 'USA'], ['Toronto', 'ON', 'M5V 2T6', 'Canada'], ['Düsseldorf', '', '40212', 'Germany']];

const m = (name: string): ModuleDef => {
  const def = MODULE_BY_NAME.get(name);
  if (!def) throw new Error(`no module ${name}`);
  return def;
};

export function seedOrg(store: OrgStore, accounts: number, seed: number, now: number): Record<string, number> {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  // Spread history over the last 30 days, oldest first, so Modified_Time paging has real order.
  const at = (i: number, n: number) => now - Math.floor(((n - i) / Math.max(1, n)) * 30 * 86_400_000);
  const products = SEED_PRODUCTS.map((p) =>
    store.insertStored(m('Products'), { Product_Name: p.name, Product_Code: p.code, Unit_Price: p.price, Product_Active: true, Product_Category: p.code.startsWith('ZP') ? 'Services' : 'Hardware' }, now - 40 * 86_400_000),
  );
  let contacts = 0;
  let deals = 0;
  for (let i = 0; i < accounts; i++) {
    const [city, state, code, country] = pick(CITIES);
    const name = `${pick(NAMES)} ${pick(SUFFIX)} ${i + 1}`;
    const when = at(i, accounts);
    const acc = store.insertStored(m('Accounts'), {
      Account_Name: name, Account_Type: rnd() < 0.7 ? 'Customer' : 'Prospect', Industry: pick(['Manufacturing', 'Retail', 'Wholesale', 'Technology']),
      Phone: `+1 555 01${String(i).padStart(2, '0').slice(-2)}`, Website: `https://www.${name.split(' ')[0]?.toLowerCase()}${i + 1}.example.com`,
      Billing_City: city, Billing_State: state, Billing_Code: code, Billing_Country: country,
    }, when);
    acc.modifiedAt = when;
    const people = 1 + Math.floor(rnd() * 2);
    let firstContact: string | undefined;
    for (let j = 0; j < people; j++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      const c = store.insertStored(m('Contacts'), { First_Name: first, Last_Name: last, Email: `${first}.${last}.${i}${j}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, ''), Account_Name: acc.id, Title: pick(['Buyer', 'Purchasing Manager', 'CFO', 'Operations Lead']) }, when);
      firstContact ??= c.id;
      contacts++;
    }
    const dealCount = Math.floor(rnd() * 2) + (i % 3 === 0 ? 1 : 0);
    for (let k = 0; k < dealCount; k++) {
      const stage = k === 0 && i % 4 === 0 ? 'Closed Won' : pick(DEAL_STAGES);
      const product = pick(products.slice(0, 5));
      const qty = 1 + Math.floor(rnd() * 10);
      store.insertStored(m('Deals'), {
        Deal_Name: `${name} — ${product.values.Product_Name as string} ×${qty}`, Stage: stage, Amount: Math.round(qty * Number(product.values.Unit_Price) * 100) / 100,
        Closing_Date: new Date(when + 14 * 86_400_000).toISOString().slice(0, 10), Account_Name: acc.id, ...(firstContact && { Contact_Name: firstContact }),
        Type: 'New Business', Deal_Products: [{ Product_Name: product.id, Quantity: qty, List_Price: Number(product.values.Unit_Price) }],
      }, when);
      deals++;
    }
  }
  return { Products: products.length, Accounts: accounts, Contacts: contacts, Deals: deals };
}
