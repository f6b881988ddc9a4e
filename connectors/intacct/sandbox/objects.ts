// The objects the sandbox serves (spec §6): their fields, types, key fields, and the stored characters
// behind display values that readByQuery compares with (STATUS 'T' = active, APBILL STATE 'A' = Posted).

export type FieldType = 'int' | 'text' | 'decimal' | 'date' | 'timestamp' | 'boolean' | 'enum';

export interface FieldDef {
  name: string;
  type: FieldType;
  /** Display value → stored character, for enum fields. */
  stored?: Record<string, string>;
  readOnly?: boolean;
}

export interface ObjectDef {
  name: string;
  /** Label in messages ("Another Vendor with …"). */
  label: string;
  /** Business key field (`VENDORID`); RECORDNO for objects that only have the record number. */
  idField: string;
  fields: FieldDef[];
  /** Contact groups resolved through the CONTACT list (VENDOR.DISPLAYCONTACT.*). */
  contactGroups?: string[];
  required?: string[];
}

const f = (name: string, type: FieldType = 'text', extra: Partial<FieldDef> = {}): FieldDef => ({ name, type, ...extra });
const STATUS = f('STATUS', 'enum', { stored: { active: 'T', inactive: 'F' } });
const AUDIT = [f('WHENCREATED', 'timestamp', { readOnly: true }), f('WHENMODIFIED', 'timestamp', { readOnly: true }), f('CREATEDBY', 'int', { readOnly: true }), f('MODIFIEDBY', 'int', { readOnly: true })];

export const CONTACT_FIELDS = [
  'CONTACTNAME', 'PRINTAS', 'COMPANYNAME', 'TAXABLE', 'TAXGROUP', 'TAXID', 'PREFIX', 'FIRSTNAME', 'LASTNAME', 'INITIAL',
  'PHONE1', 'PHONE2', 'CELLPHONE', 'PAGER', 'FAX', 'EMAIL1', 'EMAIL2', 'URL1', 'URL2', 'VISIBLE', 'STATUS',
  'MAILADDRESS.ADDRESS1', 'MAILADDRESS.ADDRESS2', 'MAILADDRESS.ADDRESS3', 'MAILADDRESS.CITY', 'MAILADDRESS.STATE',
  'MAILADDRESS.ZIP', 'MAILADDRESS.COUNTRY', 'MAILADDRESS.COUNTRYCODE',
];

const contactFieldDefs = CONTACT_FIELDS.map((n) => (n === 'STATUS' ? STATUS : n === 'TAXABLE' || n === 'VISIBLE' ? f(n, 'boolean') : f(n)));

export const OBJECTS: Record<string, ObjectDef> = {
  VENDOR: {
    name: 'VENDOR', label: 'Vendor', idField: 'VENDORID', required: ['NAME'],
    contactGroups: ['DISPLAYCONTACT', 'CONTACTINFO', 'PAYTO', 'RETURNTO'],
    fields: [
      f('RECORDNO', 'int', { readOnly: true }), f('VENDORID'), f('NAME'), f('NAME1099'), f('PARENTID'), STATUS,
      f('ONETIME', 'boolean'), f('ONHOLD', 'boolean'), f('TERMNAME'), f('VENDORACCOUNTNO'), f('TAXID'),
      f('CREDITLIMIT', 'decimal'), f('TOTALDUE', 'decimal', { readOnly: true }), f('VENDTYPE'), f('GLGROUP'), f('COMMENTS'),
      f('CURRENCY'), f('PAYMENTPRIORITY'), f('MEGAENTITYID'), f('MEGAENTITYNAME'),
      // Dimension values on the vendor (checked by dimensions.ts); the UDD field is named as on lines (§6.5).
      f('DEPARTMENTID'), f('LOCATIONID'), f('GLDIMPARTNER'), ...AUDIT,
    ],
  },
  CUSTOMER: {
    name: 'CUSTOMER', label: 'Customer', idField: 'CUSTOMERID', required: ['NAME'],
    contactGroups: ['DISPLAYCONTACT', 'CONTACTINFO', 'BILLTO', 'SHIPTO'],
    fields: [f('RECORDNO', 'int', { readOnly: true }), f('CUSTOMERID'), f('NAME'), STATUS, f('ONHOLD', 'boolean'), f('TERMNAME'), f('CUSTTYPE'), f('CREDITLIMIT', 'decimal'), f('TOTALDUE', 'decimal', { readOnly: true }), f('CURRENCY'), ...AUDIT],
  },
  CONTACT: {
    name: 'CONTACT', label: 'Contact', idField: 'CONTACTNAME', required: ['CONTACTNAME', 'PRINTAS'], // PRINTAS: required on create (developer.intacct.com, Contacts)
    fields: [f('RECORDNO', 'int', { readOnly: true }), ...contactFieldDefs, ...AUDIT],
  },
  APBILL: {
    name: 'APBILL', label: 'Bill', idField: 'RECORDNO', required: ['VENDORID', 'WHENCREATED'],
    fields: [
      f('RECORDNO', 'int', { readOnly: true }), f('RECORDTYPE', 'text', { readOnly: true }), f('RECORDID'),
      f('STATE', 'enum', { readOnly: true, stored: { Posted: 'A', Draft: 'D', 'Partially Paid': 'PP', Paid: 'P', Selected: 'S' } }),
      f('RAWSTATE', 'text', { readOnly: true }), f('VENDORID'), f('VENDORNAME', 'text', { readOnly: true }), f('DOCNUMBER'), f('DESCRIPTION'),
      f('TERMNAME'), f('WHENCREATED', 'date'), f('WHENPOSTED', 'date'), f('WHENDUE', 'date'), f('WHENPAID', 'date', { readOnly: true }),
      f('BASECURR'), f('CURRENCY'), f('EXCHANGE_RATE', 'decimal'), f('TOTALENTERED', 'decimal', { readOnly: true }), f('TOTALPAID', 'decimal', { readOnly: true }),
      f('TOTALDUE', 'decimal', { readOnly: true }), f('TRX_TOTALENTERED', 'decimal', { readOnly: true }), f('TRX_TOTALPAID', 'decimal', { readOnly: true }),
      f('TRX_TOTALDUE', 'decimal', { readOnly: true }), f('ONHOLD', 'boolean'), f('MEGAENTITYID'), f('MEGAENTITYNAME'),
      f('AUWHENCREATED', 'timestamp', { readOnly: true }), f('WHENMODIFIED', 'timestamp', { readOnly: true }), f('CREATEDBY', 'int', { readOnly: true }), f('MODIFIEDBY', 'int', { readOnly: true }),
    ],
  },
  APBILLITEM: {
    name: 'APBILLITEM', label: 'Bill Item', idField: 'RECORDNO',
    fields: [
      f('RECORDNO', 'int', { readOnly: true }), f('RECORDKEY', 'int', { readOnly: true }), f('LINE_NO', 'int', { readOnly: true }), f('ACCOUNTNO'), f('ACCOUNTTITLE', 'text', { readOnly: true }),
      f('AMOUNT', 'decimal'), f('TRX_AMOUNT', 'decimal'), f('ENTRYDESCRIPTION'), f('DEPARTMENTID'), f('LOCATIONID'), f('CLASSID'), f('PROJECTID'),
      f('VENDORID', 'text', { readOnly: true }), f('CURRENCY'), f('BASECURR'), f('GLDIMPARTNER'),
      f('WHENCREATED', 'timestamp', { readOnly: true }), f('WHENMODIFIED', 'timestamp', { readOnly: true }),
    ],
  },
  /** Standard dimensions (their values must exist where a record names them). */
  DEPARTMENT: {
    name: 'DEPARTMENT', label: 'Department', idField: 'DEPARTMENTID', required: ['DEPARTMENTID', 'TITLE'],
    fields: [f('RECORDNO', 'int', { readOnly: true }), f('DEPARTMENTID'), f('TITLE'), STATUS, ...AUDIT],
  },
  LOCATION: {
    name: 'LOCATION', label: 'Location', idField: 'LOCATIONID', required: ['LOCATIONID', 'NAME'],
    fields: [f('RECORDNO', 'int', { readOnly: true }), f('LOCATIONID'), f('NAME'), STATUS, ...AUDIT],
  },
  /** A user-defined dimension: a platform object read by its integration name (spec §6.5). */
  PARTNER: {
    name: 'PARTNER', label: 'Partner', idField: 'id', required: ['id', 'name'],
    fields: [f('RECORDNO', 'int', { readOnly: true }), f('id'), f('name'), f('WHENMODIFIED', 'timestamp', { readOnly: true })],
  },
};

export function objectDef(name: string): ObjectDef | undefined {
  return OBJECTS[name.toUpperCase()] ?? (name === 'partner' ? OBJECTS.PARTNER : undefined);
}

/** Every readable field name, contact groups expanded (`DISPLAYCONTACT.EMAIL1`). */
export function allFieldNames(def: ObjectDef): string[] {
  const own = def.fields.map((x) => x.name);
  const groups = (def.contactGroups ?? []).flatMap((g) => CONTACT_FIELDS.map((c) => `${g}.${c}`));
  return [...own, ...groups];
}

/** The definition of a readable field (`DISPLAYCONTACT.STATUS` takes the contact's STATUS definition). */
export function fieldDef(def: ObjectDef, name: string): FieldDef | undefined {
  const own = def.fields.find((x) => x.name === name);
  if (own) return own;
  const group = (def.contactGroups ?? []).find((g) => name.startsWith(`${g}.`));
  if (!group) return undefined;
  const sub = name.slice(group.length + 1);
  const c = OBJECTS.CONTACT!.fields.find((x) => x.name === sub);
  return c ? { ...c, name } : undefined;
}
