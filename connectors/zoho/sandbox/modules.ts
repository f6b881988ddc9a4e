// The org's modules and field metadata (spec §4.7, §8): what `/settings/modules` and `/settings/fields`
// answer and what record writes are validated against. The org already has a custom unique field
// `External_Id` on Accounts, Contacts, Vendors and Deals, as an admin would have created it.

export interface PickValue {
  display_value: string;
  actual_value: string;
  id: string;
}

export interface FieldDef {
  api_name: string;
  field_label: string;
  data_type: string;
  json_type: string;
  system_mandatory: boolean;
  custom_field: boolean;
  read_only: boolean;
  length?: number;
  /** Target module of a lookup, or the subform's own field list name. */
  lookup?: string;
  pick_list_values?: PickValue[];
  /** "Do not allow duplicate values" (custom unique fields). */
  unique?: boolean;
  /** Fields of a subform (line items). */
  subform?: FieldDef[];
}

export interface ModuleDef {
  api_name: string;
  id: string;
  singular_label: string;
  plural_label: string;
  /** The system-defined duplicate-check field (§4.5). */
  duplicateField: string;
  /** The field that names the record in lookups (`{name, id}`). */
  nameField: string;
  fields: FieldDef[];
}

const ORG_PREFIX = '4876876000000';
let fieldSeq = 2500;
const fid = (): string => `${ORG_PREFIX}${String(fieldSeq++).padStart(6, '0')}`;

const JSON_TYPE: Record<string, string> = {
  text: 'string', textarea: 'string', email: 'string', phone: 'string', website: 'string', picklist: 'string', date: 'string',
  datetime: 'string', autonumber: 'string', integer: 'integer', bigint: 'string', double: 'double', currency: 'double', percent: 'double',
  boolean: 'boolean', lookup: 'jsonobject', ownerlookup: 'jsonobject', subform: 'jsonarray',
};

interface FieldOpts {
  mandatory?: boolean;
  custom?: boolean;
  readOnly?: boolean;
  length?: number;
  lookup?: string;
  picklist?: string[];
  unique?: boolean;
  subform?: FieldDef[];
}

function field(api: string, type: string, o: FieldOpts = {}): FieldDef {
  const label = api.replace(/__c$/, '').replace(/_/g, ' ');
  const length = o.length ?? (['text', 'email', 'phone', 'website', 'picklist'].includes(type) ? 255 : type === 'textarea' ? 32_000 : undefined);
  return {
    api_name: api,
    field_label: label,
    data_type: type,
    json_type: JSON_TYPE[type] ?? 'string',
    system_mandatory: o.mandatory ?? false,
    custom_field: o.custom ?? false,
    read_only: o.readOnly ?? false,
    ...(length !== undefined && { length }),
    ...(o.lookup && { lookup: o.lookup }),
    ...(o.picklist && { pick_list_values: ['-None-', ...o.picklist].map((v) => ({ display_value: v, actual_value: v, id: fid() })) }),
    ...(o.unique && { unique: true }),
    ...(o.subform && { subform: o.subform }),
  };
}

/** Fields every module has: owner, audit stamps, the record id's companions. */
const system = (): FieldDef[] => [
  field('Owner', 'ownerlookup'),
  field('Created_By', 'ownerlookup', { readOnly: true }),
  field('Modified_By', 'ownerlookup', { readOnly: true }),
  field('Created_Time', 'datetime', { readOnly: true }),
  field('Modified_Time', 'datetime', { readOnly: true }),
  field('Description', 'textarea'),
];
const externalId = (): FieldDef => field('External_Id', 'text', { custom: true, unique: true, length: 100 });
const address = (prefix: string): FieldDef[] =>
  ['Street', 'City', 'State', 'Code', 'Country'].map((p) => field(`${prefix}_${p}`, 'text', { length: p === 'Street' ? 250 : 100 }));

export const DEAL_STAGES = [
  'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis',
  'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost', 'Closed Lost to Competition',
];

const lineItems = (): FieldDef[] => [
  field('Product_Name', 'lookup', { lookup: 'Products', mandatory: true }),
  field('Quantity', 'double', { mandatory: true }),
  field('List_Price', 'currency'),
  field('Discount', 'currency'),
  field('Tax', 'currency'),
  field('Total', 'currency', { readOnly: true }),
  field('Description', 'textarea', { length: 2000 }),
];

let moduleSeq = 2170;
function mod(api: string, singular: string, duplicateField: string, nameField: string, fields: FieldDef[]): ModuleDef {
  return { api_name: api, id: `${ORG_PREFIX}${String(moduleSeq++).padStart(6, '0')}`, singular_label: singular, plural_label: api.replace(/_/g, ' '), duplicateField, nameField, fields: [...fields, ...system()] };
}

export const MODULES: ModuleDef[] = [
  mod('Leads', 'Lead', 'Email', 'Last_Name', [
    field('First_Name', 'text', { length: 40 }), field('Last_Name', 'text', { mandatory: true, length: 80 }), field('Company', 'text', { length: 200 }),
    field('Email', 'email', { length: 100 }), field('Phone', 'phone', { length: 30 }),
    field('Lead_Status', 'picklist', { picklist: ['Attempted to Contact', 'Contact in Future', 'Contacted', 'Junk Lead', 'Lost Lead', 'Not Contacted', 'Pre-Qualified', 'Not Qualified'] }),
  ]),
  mod('Accounts', 'Account', 'Account_Name', 'Account_Name', [
    field('Account_Name', 'text', { mandatory: true, length: 200 }), field('Account_Number', 'text', { length: 40 }),
    field('Account_Type', 'picklist', { picklist: ['Analyst', 'Competitor', 'Customer', 'Distributor', 'Integrator', 'Investor', 'Other', 'Partner', 'Press', 'Prospect', 'Reseller', 'Supplier', 'Vendor'] }),
    field('Industry', 'picklist', { picklist: ['Communications', 'Consulting', 'Education', 'Financial Services', 'Government', 'Manufacturing', 'Retail', 'Technology', 'Wholesale'] }),
    field('Phone', 'phone', { length: 30 }), field('Fax', 'phone', { length: 30 }), field('Website', 'website', { length: 255 }),
    field('Parent_Account', 'lookup', { lookup: 'Accounts' }), field('Annual_Revenue', 'currency'), field('Employees', 'integer'),
    ...address('Billing'), externalId(),
  ]),
  mod('Contacts', 'Contact', 'Email', 'Full_Name', [
    field('First_Name', 'text', { length: 40 }), field('Last_Name', 'text', { mandatory: true, length: 80 }),
    field('Full_Name', 'text', { readOnly: true, length: 121 }),
    field('Email', 'email', { length: 100 }), field('Phone', 'phone', { length: 30 }), field('Mobile', 'phone', { length: 30 }),
    field('Title', 'text', { length: 100 }), field('Account_Name', 'lookup', { lookup: 'Accounts' }), field('Vendor_Name', 'lookup', { lookup: 'Vendors' }),
    ...address('Mailing'), externalId(),
  ]),
  mod('Vendors', 'Vendor', 'Vendor_Name', 'Vendor_Name', [
    field('Vendor_Name', 'text', { mandatory: true, length: 120 }), field('Email', 'email', { length: 100 }), field('Phone', 'phone', { length: 30 }),
    field('Website', 'website', { length: 255 }), field('Category', 'text', { length: 100 }),
    field('GL_Account', 'picklist', { picklist: ['Sales-Software', 'Sales-Hardware', 'Rental-Income', 'Interest-Income', 'Sales Software Support', 'Sales-Other', 'Interest-Sales', 'Service-Hardware Labor'] }),
    field('Street', 'text', { length: 250 }), field('City', 'text', { length: 100 }), field('State', 'text', { length: 100 }),
    field('Zip_Code', 'text', { length: 30 }), field('Country', 'text', { length: 100 }), externalId(),
  ]),
  mod('Deals', 'Deal', 'Deal_Name', 'Deal_Name', [
    field('Deal_Name', 'text', { mandatory: true, length: 120 }), field('Stage', 'picklist', { mandatory: true, picklist: DEAL_STAGES }),
    field('Closing_Date', 'date', { mandatory: true }), field('Amount', 'currency'), field('Probability', 'percent'),
    field('Type', 'picklist', { picklist: ['Existing Business', 'New Business'] }),
    field('Account_Name', 'lookup', { lookup: 'Accounts' }), field('Contact_Name', 'lookup', { lookup: 'Contacts' }), externalId(),
    // A custom subform the admin added for what the deal sells (the order lines in Sage 300).
    field('Deal_Products', 'subform', { custom: true, subform: [
      field('Product_Name', 'lookup', { lookup: 'Products', mandatory: true }), field('Quantity', 'double', { mandatory: true }),
      field('List_Price', 'currency'), field('Discount', 'currency'), field('Total', 'currency', { readOnly: true }),
    ] }),
  ]),
  mod('Products', 'Product', 'Product_Name', 'Product_Name', [
    field('Product_Name', 'text', { mandatory: true, length: 120 }), field('Product_Code', 'text', { length: 40 }),
    field('Unit_Price', 'currency'), field('Product_Active', 'boolean'), field('Qty_in_Stock', 'double'),
    field('Product_Category', 'picklist', { picklist: ['Hardware', 'Software', 'CRM Applications', 'Services'] }),
    field('Vendor_Name', 'lookup', { lookup: 'Vendors' }),
  ]),
  mod('Price_Books', 'Price Book', 'Price_Book_Name', 'Price_Book_Name', [field('Price_Book_Name', 'text', { mandatory: true, length: 120 }), field('Active', 'boolean')]),
  mod('Quotes', 'Quote', 'Subject', 'Subject', [
    field('Subject', 'text', { mandatory: true, length: 300 }), field('Account_Name', 'lookup', { lookup: 'Accounts', mandatory: true }),
    field('Deal_Name', 'lookup', { lookup: 'Deals' }), field('Quoted_Items', 'subform', { mandatory: true, subform: lineItems() }),
  ]),
  mod('Sales_Orders', 'Sales Order', 'Subject', 'Subject', [
    field('Subject', 'text', { mandatory: true, length: 300 }), field('SO_Number', 'autonumber', { readOnly: true }),
    field('Account_Name', 'lookup', { lookup: 'Accounts', mandatory: true }), field('Contact_Name', 'lookup', { lookup: 'Contacts' }),
    field('Deal_Name', 'lookup', { lookup: 'Deals' }), field('Customer_No', 'text', { length: 40 }), field('Due_Date', 'date'),
    field('Status', 'picklist', { picklist: ['Created', 'Approved', 'Delivered', 'Cancelled'] }),
    field('Ordered_Items', 'subform', { mandatory: true, subform: lineItems() }),
    field('Sub_Total', 'currency', { readOnly: true }), field('Grand_Total', 'currency', { readOnly: true }),
  ]),
  mod('Purchase_Orders', 'Purchase Order', 'Subject', 'Subject', [
    field('Subject', 'text', { mandatory: true, length: 300 }), field('Vendor_Name', 'lookup', { lookup: 'Vendors', mandatory: true }),
    field('Purchase_Items', 'subform', { mandatory: true, subform: lineItems() }),
  ]),
  mod('Invoices', 'Invoice', 'Subject', 'Subject', [
    field('Subject', 'text', { mandatory: true, length: 300 }), field('Invoice_Number', 'autonumber', { readOnly: true }),
    field('Account_Name', 'lookup', { lookup: 'Accounts', mandatory: true }), field('Contact_Name', 'lookup', { lookup: 'Contacts' }),
    field('Sales_Order', 'lookup', { lookup: 'Sales_Orders' }), field('Deal_Name', 'lookup', { lookup: 'Deals' }),
    field('Invoice_Date', 'date'), field('Due_Date', 'date'),
    field('Status', 'picklist', { picklist: ['Created', 'Approved', 'Delivered', 'Cancelled'] }),
    field('Invoiced_Items', 'subform', { mandatory: true, subform: lineItems() }),
    field('Sub_Total', 'currency', { readOnly: true }), field('Grand_Total', 'currency', { readOnly: true }),
  ]),
];

export const MODULE_BY_NAME = new Map(MODULES.map((m) => [m.api_name, m]));

export function fieldOf(module: ModuleDef, api: string): FieldDef | undefined {
  return module.fields.find((f) => f.api_name === api);
}

/** The metadata shape `/settings/fields` answers (§8): lookups name their module, subforms their fields. */
export function presentField(f: FieldDef): Record<string, unknown> {
  const { lookup, subform, unique, ...rest } = f;
  const target = lookup ? MODULE_BY_NAME.get(lookup) : undefined;
  return {
    id: fieldIds.get(f) ?? assignId(f),
    ...rest,
    visible: true,
    ...(target && { lookup: { module: { api_name: target.api_name, id: target.id }, display_label: target.singular_label } }),
    ...(unique && { unique: { casesensitive: 'false' } }),
    ...(subform && { associated_module: { api_name: f.api_name, id: fieldIds.get(f) ?? assignId(f) }, subform: { fields: subform.map(presentField) } }),
  };
}

const fieldIds = new Map<FieldDef, string>();
function assignId(f: FieldDef): string {
  const id = fid();
  fieldIds.set(f, id);
  return id;
}
