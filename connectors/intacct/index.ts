// The Sage Intacct connector: manifest, config, and the connector the engine opens per run.
import type { Connector, ConnectorContext, ConnectorManifest } from '../kit/types.ts';
import { hostOf } from '../kit/hosts.ts';
import { checkConnection } from './check.ts';
import { IntacctClient, INTACCT_HOSTS, type ClientOptions } from './client.ts';
import { intacctConfigSchema, SECRET_SENDER_PASSWORD, SECRET_USER_PASSWORD, type IntacctConfig } from './config.ts';
import { createSources, type IntacctSources } from './entities.ts';
import { VENDOR_FIELDS } from './fields.ts';
import { IntacctWriter } from './writer.ts';
import { STANDARD_DIMENSION_FIELDS, userDefinedDimensionFields } from './dimensions.ts';

export type { IntacctConfig } from './config.ts';
import { intacctDemo } from './demo.ts';
export { intacctDemo };

export interface IntacctConnector extends Connector {
  readonly sources: IntacctSources;
  readonly destinations: { vendors: IntacctWriter; contacts: IntacctWriter };
  readonly client: IntacctClient;
}

const CONTACT_WRITE_FIELDS = ['CONTACTNAME', 'PRINTAS', 'COMPANYNAME', 'FIRSTNAME', 'LASTNAME', 'EMAIL1', 'PHONE1', 'CELLPHONE', 'MAILADDRESS.ADDRESS1', 'MAILADDRESS.CITY', 'MAILADDRESS.STATE', 'MAILADDRESS.ZIP', 'MAILADDRESS.COUNTRY'];

export function createIntacctConnector(config: IntacctConfig, ctx: ConnectorContext, options: ClientOptions = {}): IntacctConnector {
  const client = new IntacctClient(config, ctx, options);
  const writable = VENDOR_FIELDS.filter((f) => !['RECORDNO', 'WHENMODIFIED', 'TOTALDUE', 'DISPLAYCONTACT'].includes(f.name)).map((f) => ({ ...f, readOnly: false }));
  return {
    client,
    check: () => checkConnection(config, ctx),
    sources: createSources(client),
    destinations: {
      vendors: new IntacctWriter(client, {
        name: 'vendors', label: 'Vendors', object: 'VENDOR', idField: 'VENDORID', fields: [...writable, ...STANDARD_DIMENSION_FIELDS],
        moreFields: () => userDefinedDimensionFields(client, 'VENDOR'),
      }),
      contacts: new IntacctWriter(client, {
        name: 'contacts', label: 'Contacts (contact list)', object: 'CONTACT', idField: 'CONTACTNAME',
        fields: CONTACT_WRITE_FIELDS.map((name) => ({ name, label: name, type: 'string' as const })),
        // A contact created with an association to a vendor becomes the vendor's primary contact (CONTACTINFO).
        contactOf: { association: 'vendors', object: 'VENDOR', idField: 'VENDORID', group: 'CONTACTINFO' },
      }),
    },
    close: () => client.close(),
  };
}

export const intacctManifest: ConnectorManifest<IntacctConfig> = {
  id: 'intacct',
  label: 'Sage Intacct',
  role: 'erp',
  configSchema: intacctConfigSchema,
  secrets: [
    { name: SECRET_SENDER_PASSWORD, label: 'Sender password', help: 'The password of your Web Services sender ID (from the Intacct Web Services subscription).' },
    { name: SECRET_USER_PASSWORD, label: 'User password', help: 'The password of the Web Services user in the company.' },
  ],
  // The configured gateway, plus the session endpoints Intacct hands out when that gateway is Intacct's own.
  allowedHosts: (config) => {
    const own = hostOf(config.url);
    return own.endsWith('.intacct.com') ? [own, ...INTACCT_HOSTS] : [own];
  },
  entities: { sources: ['vendors', 'vendorContacts', 'contacts', 'apBills'], destinations: ['vendors', 'contacts'] },
  timeZone: (config) => config.timeZone,
  changeWindow: (config) => ({ stamp: 'second', overlapSeconds: config.overlapMinutes * 60, field: 'WHENMODIFIED' }),
  create: (config, ctx) => createIntacctConnector(config, ctx),
  capabilities: {
    sandbox: async () => (await import('./sandbox/index.ts')).startSandbox,
    demo: intacctDemo,
  },
};
