// The SAP Business One connector: manifest, config, and the connector the engine opens per run.
import { hostOf } from '../kit/hosts.ts';
import type { Connector, ConnectorContext, ConnectorManifest } from '../kit/types.ts';
import { checkConnection } from './check.ts';
import { SapB1Client, type ClientOptions } from './client.ts';
import { sapb1ConfigSchema, type SapB1Config } from './config.ts';
import { sapb1Demo } from './demo.ts';
import { sapb1Webhooks } from './webhooks.ts';
import { createSources, SOURCE_NAMES, type SapB1Sources } from './entities.ts';

export type { SapB1Config } from './config.ts';

export interface SapB1Connector extends Connector {
  readonly sources: SapB1Sources;
  readonly client: SapB1Client;
}

export function createSapB1Connector(config: SapB1Config, ctx: ConnectorContext, options: ClientOptions = {}): SapB1Connector {
  const client = new SapB1Client(config, ctx, options);
  return {
    client,
    check: () => checkConnection(config, ctx),
    sources: createSources(client),
    destinations: {},
    close: () => client.close(),
  };
}

export const sapb1Manifest: ConnectorManifest<SapB1Config> = {
  id: 'sapb1',
  label: 'SAP Business One',
  role: 'erp',
  configSchema: sapb1ConfigSchema,
  secrets: [
    { name: 'password', label: 'Password', help: 'The B1 password of this user (case-sensitive).' },
    {
      name: 'webhookKey',
      label: 'Webhook HMAC key (optional)',
      optional: true,
      help: 'The Key of the Service Layer event subscription (AuthenticationType HMAC) that posts to this connection’s webhook address. Needs the Webhook Messenger (10.0 FP 2602+); without it changes are polled on the schedule.',
    },
  ],
  allowedHosts: (config) => [hostOf(config.url)],
  entities: { sources: SOURCE_NAMES, destinations: [] },
  timeZone: (config) => config.timeZone,
  // Documents and partners are found by UpdateDate/UpdateTime (by the minute, server-local) or their
  // creation date; the lookup tables are read whole.
  changeWindow: (config, entity) =>
    ['businessPartners', 'contactEmployees', 'invoices', 'invoicePayments'].includes(entity)
      ? { stamp: 'minute', overlapSeconds: config.overlapMinutes * 60, field: 'UpdateDate/UpdateTime' }
      : { stamp: 'none', overlapSeconds: 0 },
  create: (config, ctx) => createSapB1Connector(config, ctx),
  capabilities: {
    sandbox: async () => (await import('./sandbox/index.ts')).startSandbox,
    demo: sapb1Demo,
    webhooks: sapb1Webhooks,
  },
};
