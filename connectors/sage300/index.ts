// The Sage 300 connector: manifest, config, and the connector the engine opens per run.
import type { Connector, ConnectorContext, ConnectorManifest } from '../kit/types.ts';
import { checkConnection } from './check.ts';
import { Sage300Client, type ClientOptions } from './client.ts';
import { sage300ConfigSchema, type Sage300Config } from './config.ts';
import { CUSTOMERS, MasterWriter, VENDORS } from './master-writer.ts';
import { CHANGE_WINDOWS, createSources, type Sage300Sources } from './entities.ts';
import { OrderWriter, type OrderWriterOptions } from './order-writer.ts';
import { PageSizer } from './reader.ts';
import { hostOf } from '../kit/hosts.ts';
import { sage300Demo } from './demo.ts';

export type { Sage300Config } from './config.ts';

export interface Sage300Connector extends Connector {
  readonly sources: Sage300Sources;
  readonly destinations: { arCustomers: MasterWriter; apVendors: MasterWriter; oeOrders: OrderWriter };
  readonly client: Sage300Client;
  readonly pageSizer: PageSizer;
}

/** Tuning knobs for tests (shorter backoff and confirmation delays); the engine uses the defaults. */
export type Sage300Options = ClientOptions & OrderWriterOptions;

export function createSage300Connector(config: Sage300Config, ctx: ConnectorContext, options: Sage300Options = {}): Sage300Connector {
  const client = new Sage300Client(config, ctx, options);
  const pageSizer = new PageSizer(config.pageSize);
  return {
    client,
    pageSizer,
    check: () => checkConnection(config, ctx),
    sources: createSources(client, pageSizer),
    destinations: { arCustomers: new MasterWriter(client, CUSTOMERS), apVendors: new MasterWriter(client, VENDORS), oeOrders: new OrderWriter(client, options) },
    close: () => client.close(),
  };
}

export const sage300Manifest: ConnectorManifest<Sage300Config> = {
  id: 'sage300',
  label: 'Sage 300',
  role: 'erp',
  configSchema: sage300ConfigSchema,
  secrets: [
    {
      name: 'password',
      label: 'Password',
      help: 'The Sage 300 password of this user. Test connection finds out whether the server wants it as typed or upper-cased.',
    },
  ],
  allowedHosts: (config) => [hostOf(config.url)],
  entities: {
    sources: ['arCustomers', 'arCustomerContacts', 'arCustomerBalances', 'arTerms', 'arInvoices', 'arPostedDocuments', 'arOpenDocuments', 'apVendors', 'apVendorContacts', 'oeOrders'],
    destinations: ['arCustomers', 'apVendors', 'oeOrders'],
  },
  changeWindow: (_config, entity) => CHANGE_WINDOWS[entity] ?? null,
  create: (config, ctx) => createSage300Connector(config, ctx),
  capabilities: {
    sandbox: async () => (await import('./sandbox/index.ts')).startSandbox,
    demo: sage300Demo,
  },
};
