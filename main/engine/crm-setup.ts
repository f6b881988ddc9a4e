// One-time CRM setup for an integration template: the CRM connector's `crmSetup` capability creates the
// custom fields the template's flows write (idempotently). A CRM without the capability needs none.
import type { CrmFieldSpec } from '../../connectors/kit/types.ts';
import { ConfigError } from '../../connectors/kit/errors.ts';
import { manifestFor } from '../../connectors/index.ts';
import { configOf, decryptSecrets, type ConnectorHost } from './open-connector.ts';
import { assertTransportAllowed } from './transport-policy.ts';
import { connectionAllowedHosts } from '../../connectors/kit/hosts.ts';
import { originsOf } from '../../preload/contract/connection-origin.ts';

export interface CrmSetupTemplate {
  id: string;
  crmProperties: CrmFieldSpec[];
  flows: { mapping: { lines?: unknown } }[];
}

export async function setupCrmFields(host: ConnectorHost, template: CrmSetupTemplate, crmConnectionId: string): Promise<{ created: string[] }> {
  const conn = host.store.connections.get(crmConnectionId);
  if (!conn) throw new ConfigError(`The CRM connection "${crmConnectionId}" does not exist.`, { code: 'NOT_FOUND', hint: 'Refresh the list; it may have been deleted.' });
  const manifest = manifestFor(conn.system);
  const setup = manifest?.capabilities?.crmSetup;
  if (!setup) return { created: [] };
  const config = configOf(conn);
  assertTransportAllowed(conn.settings, conn.tls);
  const ctx = { secrets: decryptSecrets(host, conn.id), registry: host.registry, logger: host.logger, allowedHosts: connectionAllowedHosts(manifest, originsOf(conn.settings), config) };
  const { created } = await setup.ensureFields(config, ctx, {
    fields: template.crmProperties,
    writesLines: template.flows.some((f) => f.mapping.lines),
  });
  if (created.length) host.logger.info({ template: template.id, created }, 'created CRM properties');
  return { created };
}
