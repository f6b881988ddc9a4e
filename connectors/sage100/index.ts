// The Sage 100 connector: talks to the Sage 100 agent (./agent, spec §7) that runs beside Sage 100 and
// reads it through ODBC. Source-only: Sage 100's only supported write path is BOI, not in v1.
import { hostOf } from '../kit/hosts.ts';
import type { Connector, ConnectorContext, ConnectorManifest, SourceEntity } from '../kit/types.ts';
import { checkConnection } from './check.ts';
import { Sage100Client } from './client.ts';
import { sage100ConfigSchema, type Sage100Config } from './config.ts';
import { sage100Demo } from './demo.ts';
import { changeWindowOf, createSources, SOURCE_NAMES } from './entities.ts';

export type { Sage100Config } from './config.ts';

export interface Sage100Connector extends Connector {
  readonly sources: Record<string, SourceEntity>;
  readonly client: Sage100Client;
}

export function createSage100Connector(config: Sage100Config, ctx: ConnectorContext, options: { retryBaseMs?: number } = {}): Sage100Connector {
  const client = new Sage100Client(config, ctx, options);
  return {
    client,
    check: () => checkConnection(config, ctx),
    sources: createSources(client),
    destinations: {},
    close: () => client.close(),
  };
}

export const sage100Manifest: ConnectorManifest<Sage100Config> = {
  id: 'sage100',
  label: 'Sage 100',
  role: 'erp',
  configSchema: sage100ConfigSchema,
  secrets: [
    { name: 'apiKey', label: 'Agent API key', help: 'Printed once by `ml-connector sage100-agent --config FILE --issue-key` on the Sage 100 server.' },
    { name: 'password', label: 'Service account password', help: 'The password of the Windows service account (DOMAIN\\user) the agent allows.' },
  ],
  allowedHosts: (config) => [hostOf(config.url)],
  entities: { sources: SOURCE_NAMES, destinations: [] },
  timeZone: (config) => config.timeZone,
  changeWindow: (_config, entity) => changeWindowOf(entity),
  create: (config, ctx) => createSage100Connector(config, ctx),
  capabilities: {
    sandbox: async () => (await import('./sandbox/index.ts')).startSandbox,
    demo: sage100Demo,
  },
};
