// The fields our source entities read (spec §6), with their types for the mapping editor.
import type { FieldInfo } from '../kit/types.ts';

type T = FieldInfo['type'];
const f = (name: string, type: T = 'string', label = name): FieldInfo => ({ name, label, type, readOnly: true });

export const VENDOR_FIELDS: FieldInfo[] = [
  f('RECORDNO', 'number', 'Record number'), f('VENDORID', 'string', 'Vendor ID'), f('NAME', 'string', 'Name'), f('STATUS', 'string', 'Status'),
  f('TERMNAME', 'string', 'Payment terms'), f('CURRENCY', 'string', 'Currency'), f('TOTALDUE', 'number', 'Total due'), f('VENDTYPE', 'string', 'Vendor type'),
  f('TAXID', 'string', 'Tax ID'), f('ONHOLD', 'boolean', 'On hold'), f('WHENMODIFIED', 'datetime', 'Last modified'),
  f('DISPLAYCONTACT', 'object', 'Primary contact (and its MAILADDRESS)'),
  f('DISPLAYCONTACT.CONTACTNAME', 'string', 'Primary contact name'), f('DISPLAYCONTACT.PRINTAS', 'string', 'Print as (name on checks)'), f('DISPLAYCONTACT.COMPANYNAME', 'string', 'Company name'),
  f('DISPLAYCONTACT.FIRSTNAME', 'string', 'Contact first name'), f('DISPLAYCONTACT.LASTNAME', 'string', 'Contact last name'),
  f('DISPLAYCONTACT.EMAIL1', 'string', 'Email'), f('DISPLAYCONTACT.PHONE1', 'string', 'Phone'), f('DISPLAYCONTACT.URL1', 'string', 'Web site'),
  f('DISPLAYCONTACT.MAILADDRESS.ADDRESS1', 'string', 'Address line 1'), f('DISPLAYCONTACT.MAILADDRESS.ADDRESS2', 'string', 'Address line 2'),
  f('DISPLAYCONTACT.MAILADDRESS.CITY', 'string', 'City'), f('DISPLAYCONTACT.MAILADDRESS.STATE', 'string', 'State'),
  f('DISPLAYCONTACT.MAILADDRESS.ZIP', 'string', 'ZIP'), f('DISPLAYCONTACT.MAILADDRESS.COUNTRY', 'string', 'Country'),
];

/** CONTACT records (the company-wide contact list), e.g. those created from HubSpot contacts (`HS-C-<id>`). */
export const CONTACT_FIELDS: FieldInfo[] = [
  f('RECORDNO', 'number', 'Record number'), f('CONTACTNAME', 'string', 'Contact name (key)'), f('PRINTAS', 'string', 'Print as'),
  f('COMPANYNAME', 'string', 'Company name'), f('FIRSTNAME', 'string', 'First name'), f('LASTNAME', 'string', 'Last name'),
  f('EMAIL1', 'string', 'Email'), f('PHONE1', 'string', 'Phone'), f('CELLPHONE', 'string', 'Mobile phone'), f('STATUS', 'string', 'Status'),
  f('MAILADDRESS.ADDRESS1', 'string', 'Address line 1'), f('MAILADDRESS.CITY', 'string', 'City'), f('MAILADDRESS.STATE', 'string', 'State'),
  f('MAILADDRESS.ZIP', 'string', 'ZIP'), f('MAILADDRESS.COUNTRY', 'string', 'Country'), f('WHENMODIFIED', 'datetime', 'Last modified'),
];

export const APBILL_FIELDS: FieldInfo[] = [
  f('RECORDNO', 'number', 'Record number'), f('RECORDID', 'string', 'Bill number'), f('STATE', 'string', 'State'), f('VENDORID', 'string', 'Vendor ID'),
  f('VENDORNAME', 'string', 'Vendor name'), f('DOCNUMBER', 'string', 'Reference (PO) number'), f('DESCRIPTION', 'string', 'Description'),
  f('TERMNAME', 'string', 'Terms'), f('WHENCREATED', 'date', 'Bill date'), f('WHENPOSTED', 'date', 'GL posting date'), f('WHENDUE', 'date', 'Due date'),
  f('WHENPAID', 'date', 'Date fully paid'), f('CURRENCY', 'string', 'Currency'), f('BASECURR', 'string', 'Base currency'),
  f('TRX_TOTALENTERED', 'number', 'Total (transaction currency)'), f('TRX_TOTALPAID', 'number', 'Paid (transaction currency)'),
  f('TRX_TOTALDUE', 'number', 'Due (transaction currency)'), f('TOTALENTERED', 'number', 'Total (base currency)'), f('TOTALDUE', 'number', 'Due (base currency)'),
  f('WHENMODIFIED', 'datetime', 'Last modified'), f('APBILLITEMS', 'array', 'Lines'),
];

export const APBILLITEM_FIELDS = ['RECORDNO', 'RECORDKEY', 'LINE_NO', 'ACCOUNTNO', 'ACCOUNTTITLE', 'TRX_AMOUNT', 'AMOUNT', 'ENTRYDESCRIPTION', 'DEPARTMENTID', 'LOCATIONID', 'CLASSID', 'PROJECTID', 'GLDIMPARTNER'];
