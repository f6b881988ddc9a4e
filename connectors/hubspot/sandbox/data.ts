// Static facts the sandbox serves: object types, their built-in properties, tiers and their limits,
// default association types (spec §8), plus a seeded generator of realistic records.
import { domainFor, FakeData } from '../../kit/sandbox/fake-data.ts';

export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool' | 'phone_number';

export interface PropertyDef {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  description?: string;
  options?: { label: string; value: string; displayOrder: number; hidden: boolean }[];
  hasUniqueValue?: boolean;
  hubspotDefined?: boolean;
  calculated?: boolean;
  readOnlyValue?: boolean;
  /** `OWNER` marks owner properties: values are owner ids (`/crm/v3/owners`), options are external. */
  referencedObjectType?: 'OWNER';
  externalOptions?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export interface ObjectTypeDef {
  name: string;
  objectTypeId: string;
  /** Singular used in association type names (`contact_to_company`) and legacy webhook types. */
  singular: string;
  lastModified: 'hs_lastmodifieddate' | 'lastmodifieddate';
  defaultProperties: string[];
  /** OAuth/private-app scope prefix, e.g. `crm.objects.companies`. */
  scope: string;
  readOnlyApi?: boolean;
  /** Needs a paid commerce subscription (switch `invoicesRequirePaidTier`). */
  commerce?: boolean;
}

export const OBJECT_TYPES: readonly ObjectTypeDef[] = [
  { name: 'contacts', objectTypeId: '0-1', singular: 'contact', lastModified: 'lastmodifieddate', defaultProperties: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'], scope: 'crm.objects.contacts' },
  { name: 'companies', objectTypeId: '0-2', singular: 'company', lastModified: 'hs_lastmodifieddate', defaultProperties: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'], scope: 'crm.objects.companies' },
  { name: 'deals', objectTypeId: '0-3', singular: 'deal', lastModified: 'hs_lastmodifieddate', defaultProperties: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'], scope: 'crm.objects.deals' },
  { name: 'products', objectTypeId: '0-7', singular: 'product', lastModified: 'hs_lastmodifieddate', defaultProperties: ['createdate', 'hs_lastmodifieddate', 'hs_object_id', 'name', 'price'], scope: 'e-commerce' },
  { name: 'line_items', objectTypeId: '0-8', singular: 'line_item', lastModified: 'hs_lastmodifieddate', defaultProperties: ['createdate', 'hs_lastmodifieddate', 'hs_object_id', 'name', 'price', 'quantity', 'amount'], scope: 'crm.objects.line_items' },
  { name: 'invoices', objectTypeId: '0-53', singular: 'invoice', lastModified: 'hs_lastmodifieddate', defaultProperties: ['createdate', 'hs_lastmodifieddate', 'hs_object_id', 'hs_currency', 'hs_invoice_status'], scope: 'crm.objects.invoices', commerce: true },
  { name: 'commerce_payments', objectTypeId: '0-101', singular: 'commerce_payment', lastModified: 'hs_lastmodifieddate', defaultProperties: ['createdate', 'hs_lastmodifieddate', 'hs_object_id', 'hs_initial_amount', 'hs_currency_code'], scope: 'crm.objects.commercepayments', commerce: true },
];

/** `payments` is a read-only view of commerce payments (spec §4.1). */
export const READ_ONLY_ALIASES: Readonly<Record<string, string>> = { payments: 'commerce_payments' };

export function objectType(nameOrId: string): ObjectTypeDef | undefined {
  const name = READ_ONLY_ALIASES[nameOrId] ?? nameOrId;
  return OBJECT_TYPES.find((t) => t.name === name || t.objectTypeId === name || t.singular === name);
}

const p = (name: string, label: string, type: PropertyType, groupName: string, extra: Partial<PropertyDef> = {}): PropertyDef => ({
  name,
  label,
  type,
  fieldType: extra.fieldType ?? (type === 'number' ? 'number' : type === 'date' || type === 'datetime' ? 'date' : type === 'enumeration' ? 'select' : type === 'bool' ? 'booleancheckbox' : type === 'phone_number' ? 'phonenumber' : 'text'),
  groupName,
  hubspotDefined: true,
  ...extra,
});
const opts = (...values: string[]): PropertyDef['options'] => values.map((v, i) => ({ label: v.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase()), value: v, displayOrder: i, hidden: false }));
const ro = { readOnlyValue: true };
/** HubSpot's owner property: an enumeration whose options are the portal's owners (external options). */
const owner = (label: string, group: string): PropertyDef => p('hubspot_owner_id', label, 'enumeration', group, { referencedObjectType: 'OWNER', externalOptions: true });

const common = (group: string, lastModified: string): PropertyDef[] => [
  p('hs_object_id', 'Record ID', 'number', group, ro),
  p('createdate', 'Create Date', 'datetime', group, ro),
  p(lastModified, 'Last Modified Date', 'datetime', group, ro),
  p('hs_merged_object_ids', 'Merged record IDs', 'enumeration', group, ro),
];

/** The stages of every portal's default deal pipeline ("Sales Pipeline", id `default`), with their win probability. */
export const DEFAULT_DEAL_STAGES: readonly { id: string; label: string; probability: string; isClosed: boolean }[] = [
  { id: 'appointmentscheduled', label: 'Appointment Scheduled', probability: '0.2', isClosed: false },
  { id: 'qualifiedtobuy', label: 'Qualified To Buy', probability: '0.4', isClosed: false },
  { id: 'presentationscheduled', label: 'Presentation Scheduled', probability: '0.6', isClosed: false },
  { id: 'decisionmakerboughtin', label: 'Decision Maker Bought-In', probability: '0.8', isClosed: false },
  { id: 'contractsent', label: 'Contract Sent', probability: '0.9', isClosed: false },
  { id: 'closedwon', label: 'Closed Won', probability: '1.0', isClosed: true },
  { id: 'closedlost', label: 'Closed Lost', probability: '0.0', isClosed: true },
];

const LIFECYCLE = opts('subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other');

export const BUILTIN_PROPERTIES: Readonly<Record<string, PropertyDef[]>> = {
  companies: [
    ...common('companyinformation', 'hs_lastmodifieddate'),
    p('name', 'Company name', 'string', 'companyinformation'),
    p('domain', 'Company Domain Name', 'string', 'companyinformation'),
    p('website', 'Website URL', 'string', 'companyinformation'),
    p('phone', 'Phone Number', 'phone_number', 'companyinformation'),
    p('address', 'Street Address', 'string', 'companyinformation'),
    p('address2', 'Street Address 2', 'string', 'companyinformation'),
    p('city', 'City', 'string', 'companyinformation'),
    p('state', 'State/Region', 'string', 'companyinformation'),
    p('zip', 'Postal Code', 'string', 'companyinformation'),
    p('country', 'Country/Region', 'string', 'companyinformation'),
    // A subset of HubSpot's own industry values (the real list has ~150; these are real ones).
    p('industry', 'Industry', 'enumeration', 'companyinformation', {
      options: opts('ACCOUNTING', 'COMPUTER_SOFTWARE', 'CONSTRUCTION', 'CONSUMER_SERVICES', 'FINANCIAL_SERVICES', 'FOOD_PRODUCTION', 'INFORMATION_TECHNOLOGY_AND_SERVICES', 'MACHINERY', 'RETAIL', 'WHOLESALE'),
    }),
    // HubSpot's default "Type" of a company.
    p('type', 'Type', 'enumeration', 'companyinformation', { options: opts('PROSPECT', 'PARTNER', 'RESELLER', 'VENDOR', 'OTHER') }),
    p('numberofemployees', 'Number of Employees', 'number', 'companyinformation'),
    p('annualrevenue', 'Annual Revenue', 'number', 'companyinformation'),
    p('description', 'Description', 'string', 'companyinformation', { fieldType: 'textarea' }),
    p('lifecyclestage', 'Lifecycle Stage', 'enumeration', 'companyinformation', { options: LIFECYCLE }),
    owner('Company owner', 'companyinformation'),
  ],
  contacts: [
    ...common('contactinformation', 'lastmodifieddate'),
    p('email', 'Email', 'string', 'contactinformation'),
    p('firstname', 'First Name', 'string', 'contactinformation'),
    p('lastname', 'Last Name', 'string', 'contactinformation'),
    p('phone', 'Phone Number', 'phone_number', 'contactinformation'),
    p('mobilephone', 'Mobile Phone Number', 'phone_number', 'contactinformation'),
    p('company', 'Company Name', 'string', 'contactinformation'),
    p('jobtitle', 'Job Title', 'string', 'contactinformation'),
    p('address', 'Street Address', 'string', 'contactinformation'),
    p('city', 'City', 'string', 'contactinformation'),
    p('state', 'State/Region', 'string', 'contactinformation'),
    p('zip', 'Postal Code', 'string', 'contactinformation'),
    p('country', 'Country/Region', 'string', 'contactinformation'),
    p('lifecyclestage', 'Lifecycle Stage', 'enumeration', 'contactinformation', { options: LIFECYCLE }),
    owner('Contact owner', 'contactinformation'),
  ],
  deals: [
    ...common('dealinformation', 'hs_lastmodifieddate'),
    p('dealname', 'Deal Name', 'string', 'dealinformation'),
    p('amount', 'Amount', 'number', 'dealinformation'),
    // Options follow the deal pipelines (pipelines.ts adds the stages of a pipeline created over the API).
    p('dealstage', 'Deal Stage', 'enumeration', 'dealinformation', { options: DEFAULT_DEAL_STAGES.map((st, i) => ({ label: st.label, value: st.id, displayOrder: i, hidden: false })) }),
    p('pipeline', 'Pipeline', 'enumeration', 'dealinformation', { options: [{ label: 'Sales Pipeline', value: 'default', displayOrder: 0, hidden: false }] }),
    p('closedate', 'Close Date', 'datetime', 'dealinformation'),
    p('description', 'Deal Description', 'string', 'dealinformation', { fieldType: 'textarea' }),
    p('deal_currency_code', 'Currency', 'enumeration', 'dealinformation', { options: opts('USD', 'EUR', 'GBP', 'CAD') }),
    owner('Deal owner', 'dealinformation'),
  ],
  products: [...common('productinformation', 'hs_lastmodifieddate'), p('name', 'Name', 'string', 'productinformation'), p('price', 'Unit price', 'number', 'productinformation'), p('hs_sku', 'SKU', 'string', 'productinformation')],
  line_items: [
    ...common('lineiteminformation', 'hs_lastmodifieddate'),
    p('name', 'Name', 'string', 'lineiteminformation'),
    p('description', 'Description', 'string', 'lineiteminformation'),
    p('quantity', 'Quantity', 'number', 'lineiteminformation'),
    p('price', 'Unit price', 'number', 'lineiteminformation'),
    p('amount', 'Net price', 'number', 'lineiteminformation', { calculated: true, readOnlyValue: true }),
    p('discount', 'Unit discount', 'number', 'lineiteminformation'),
    p('hs_discount_percentage', 'Discount percentage', 'number', 'lineiteminformation'),
    p('tax', 'Tax', 'number', 'lineiteminformation'),
    p('hs_sku', 'SKU', 'string', 'lineiteminformation'),
    p('hs_product_id', 'Product ID', 'number', 'lineiteminformation'),
    p('hs_line_item_currency_code', 'Currency', 'enumeration', 'lineiteminformation', { options: opts('USD', 'EUR', 'GBP', 'CAD') }),
  ],
  invoices: [
    ...common('invoiceinformation', 'hs_lastmodifieddate'),
    p('hs_currency', 'Currency', 'enumeration', 'invoiceinformation', { options: opts('USD', 'EUR', 'GBP', 'CAD') }),
    p('hs_invoice_status', 'Invoice status', 'enumeration', 'invoiceinformation', { options: opts('draft', 'open', 'paid', 'voided') }),
    p('hs_invoice_date', 'Invoice date', 'date', 'invoiceinformation'),
    p('hs_due_date', 'Due date', 'date', 'invoiceinformation'),
    p('hs_purchase_order_number', 'Purchase order number', 'string', 'invoiceinformation'),
    p('hs_comments', 'Comments', 'string', 'invoiceinformation'),
    p('hs_title', 'Title', 'string', 'invoiceinformation'),
    p('hs_number', 'Invoice number', 'string', 'invoiceinformation', ro),
    p('hs_amount_billed', 'Amount billed', 'number', 'invoiceinformation', { calculated: true, readOnlyValue: true }),
    p('hs_balance_due', 'Balance due', 'number', 'invoiceinformation', { calculated: true, readOnlyValue: true }),
  ],
  commerce_payments: [
    ...common('paymentinformation', 'hs_lastmodifieddate'),
    p('hs_initial_amount', 'Gross amount', 'number', 'paymentinformation'),
    p('hs_currency_code', 'Currency', 'enumeration', 'paymentinformation', { options: opts('USD', 'EUR', 'GBP', 'CAD') }),
    p('hs_payment_date', 'Payment date', 'datetime', 'paymentinformation'),
    p('hs_reference_number', 'Reference', 'string', 'paymentinformation'),
    p('hs_payment_method', 'Payment method', 'string', 'paymentinformation'),
  ],
};

export const BUILTIN_GROUPS: Readonly<Record<string, string[]>> = Object.fromEntries(
  Object.entries(BUILTIN_PROPERTIES).map(([type, props]) => [type, [...new Set(props.map((x) => x.groupName))]]),
);

export type Tier = 'free' | 'starter' | 'professional' | 'enterprise';

/** Spec §10: burst per 10 s per app, daily per account. */
export const TIERS: Readonly<Record<Tier, { burst: number; daily: number }>> = {
  free: { burst: 100, daily: 250_000 },
  starter: { burst: 100, daily: 250_000 },
  professional: { burst: 190, daily: 625_000 },
  enterprise: { burst: 190, daily: 1_000_000 },
};

export const BURST_INTERVAL_MS = 10_000;
export const SEARCH_PER_SECOND = 5;

/** Default HUBSPOT_DEFINED association types (spec §8), keyed `from→to`: [unlabelled, primary?]. */
export const ASSOCIATION_TYPES: Readonly<Record<string, { typeId: number; label: string | null }[]>> = {
  'contacts→companies': [{ typeId: 279, label: null }, { typeId: 1, label: 'Primary' }],
  // The reverse of a primary company is labelled from the company's side (seen in real batch reads).
  'companies→contacts': [{ typeId: 280, label: null }, { typeId: 2, label: 'Contact with Primary Company' }],
  'deals→contacts': [{ typeId: 3, label: null }],
  'contacts→deals': [{ typeId: 4, label: null }],
  'deals→companies': [{ typeId: 341, label: null }, { typeId: 5, label: 'Primary' }],
  'companies→deals': [{ typeId: 342, label: null }, { typeId: 6, label: 'Deal with Primary Company' }],
  'deals→line_items': [{ typeId: 19, label: null }],
  'line_items→deals': [{ typeId: 20, label: null }],
  'companies→companies': [{ typeId: 13, label: 'Parent Company' }, { typeId: 14, label: 'Child Company' }],
  'invoices→contacts': [{ typeId: 177, label: null }],
  'contacts→invoices': [{ typeId: 178, label: null }],
  'invoices→companies': [{ typeId: 179, label: null }],
  'companies→invoices': [{ typeId: 180, label: null }],
  'invoices→deals': [{ typeId: 175, label: null }],
  'deals→invoices': [{ typeId: 176, label: null }],
  'invoices→line_items': [{ typeId: 409, label: null }],
  'line_items→invoices': [{ typeId: 410, label: null }],
  'invoices→commerce_payments': [{ typeId: 541, label: null }],
  'commerce_payments→invoices': [{ typeId: 542, label: null }],
  'line_items→commerce_payments': [{ typeId: 396, label: null }],
  'commerce_payments→line_items': [{ typeId: 397, label: null }],
};

/** The pair's types; unknown pairs get an unlabelled type so associations between any two types work. */
export function associationTypesFor(from: string, to: string): { typeId: number; label: string | null }[] {
  return ASSOCIATION_TYPES[`${from}→${to}`] ?? [{ typeId: 9000 + OBJECT_TYPES.findIndex((t) => t.name === from) * 10 + OBJECT_TYPES.findIndex((t) => t.name === to), label: null }];
}

/** Which (from, to, typeId) triple is the reverse of another: same position in the reverse pair's list. */
export function reverseTypeId(from: string, to: string, typeId: number): number {
  const fwd = associationTypesFor(from, to);
  const back = associationTypesFor(to, from);
  const i = fwd.findIndex((t) => t.typeId === typeId);
  if (from === to && i >= 0) return (back[i === 0 ? 1 : 0] ?? back[0])?.typeId ?? typeId;
  return (back[i] ?? back[0])?.typeId ?? typeId;
}

export function isPrimaryType(from: string, to: string, typeId: number): boolean {
  return to === 'companies' && associationTypesFor(from, to).some((t) => t.typeId === typeId && t.label === 'Primary');
}

/** `n` companies with 1–3 contacts each and a deal for every third, from the kit's shared seeded generator. */
export function generateRecords(n: number, seed = 1): { companies: Record<string, string>[]; contacts: (Record<string, string> & { __company: string })[]; deals: (Record<string, string> & { __company: string })[] } {
  const fake = new FakeData(seed);
  const companies: Record<string, string>[] = [];
  const contacts: (Record<string, string> & { __company: string })[] = [];
  const deals: (Record<string, string> & { __company: string })[] = [];
  for (let i = 0; i < n; i++) {
    const name = fake.companyName(i);
    // The index keeps domains and e-mails unique whatever the name (CJK names have no ASCII letters).
    const domain = `${i + 1}-${domainFor(name)}`;
    companies.push({ name, domain, city: fake.city().city, phone: fake.phone('uk'), numberofemployees: String(fake.int(5, 504)) });
    const k = fake.int(1, 3);
    for (let j = 0; j < k; j++) {
      const person = fake.person();
      contacts.push({ __company: String(i), firstname: person.first, lastname: person.last, email: fake.email(person, domain, `.${i}.${j}`) });
    }
    if (i % 3 === 0) deals.push({ __company: String(i), dealname: `${name} — renewal`, amount: String(fake.int(1000, 50_999)), dealstage: 'appointmentscheduled', pipeline: 'default' });
  }
  return { companies, contacts, deals };
}
