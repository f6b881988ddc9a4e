// HubSpot runs the kit's conformance suite against its sandbox; CRM setup first creates the unique
// key property each destination is upserted by, as a template's setup would.
import { describeConformance } from '../kit/testing/suite.ts';
import { hubspotManifest } from './index.ts';

const KEY = 'ml_conformance_key';
const key = (object: string, i: number) => ({ sourceId: `${object}-${i}`, key: `${object.toUpperCase()}-${i}` });

describeConformance({
  manifest: hubspotManifest,
  sandbox: { records: 30 },
  async prepare({ config, secrets }, ctx) {
    const objects = ['companies', 'contacts', 'deals', 'invoices', 'line_items'];
    await hubspotManifest.capabilities!.crmSetup!.ensureFields(config, { ...ctx, secrets }, {
      fields: objects.map((object) => ({ object, name: KEY, label: 'Conformance key', type: 'string', fieldType: 'text', unique: true })),
      writesLines: false,
    });
  },
  destinations: {
    companies: {
      idProperty: KEY,
      makeRecord: (i) => ({ sourceId: key('companies', i).sourceId, properties: { [KEY]: key('companies', i).key, name: `Conformance Société ${i}`, city: 'Montréal' } }),
      badRecord: { sourceId: 'companies-bad', properties: { [KEY]: 'COMPANIES-BAD', numberofemployees: 'not a number' } },
    },
    contacts: {
      idProperty: KEY,
      makeRecord: (i) => ({ sourceId: key('contacts', i).sourceId, properties: { [KEY]: key('contacts', i).key, email: `conformance${i}@acme.example`, firstname: `Zoë ${i}` } }),
      badRecord: { sourceId: 'contacts-bad', properties: { [KEY]: 'CONTACTS-BAD', email: 'not-an-email' } },
    },
    deals: {
      idProperty: KEY,
      count: 20,
      makeRecord: (i) => ({ sourceId: key('deals', i).sourceId, properties: { [KEY]: key('deals', i).key, dealname: `Conformance deal ${i}`, amount: String(1000 + i), pipeline: 'default', dealstage: 'appointmentscheduled' } }),
      badRecord: { sourceId: 'deals-bad', properties: { [KEY]: 'DEALS-BAD', dealstage: 'no-such-stage' } },
    },
    invoices: {
      idProperty: KEY,
      count: 5,
      makeRecord: (i) => ({ sourceId: key('invoices', i).sourceId, properties: { [KEY]: key('invoices', i).key, hs_currency: 'EUR', hs_invoice_date: '2025-06-02' } }),
    },
    line_items: {
      idProperty: KEY,
      count: 20,
      makeRecord: (i) => ({ sourceId: key('line_items', i).sourceId, properties: { [KEY]: key('line_items', i).key, name: `Line ${i}`, quantity: String(i + 1), price: '9.99' } }),
    },
  },
});
