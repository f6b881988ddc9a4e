// One-time CRM setup for an integration template: the CRM connector's `crmSetup` capability creates the
// custom fields the template's flows write (idempotently). A CRM without the capability needs none.
import type { CrmFieldSpec } from '../../connectors/kit/types.ts';
import { ConfigError } from '../../connectors/kit/errors.ts';
import { manifestFor } from '../../connectors/index.ts';
import { configOf, decryptSecrets, type ConnectorHost } from './open-connector.ts';

export interface CrmSetupTemplate {
  id: string;
  crmProperties: CrmFieldSpec[];
  flows: { mapping: { lines?: unknown } }[];
}

export async function setupCrmFields(host: ConnectorHost, template: CrmSetupTemplate, crmConnectionId: string): Promise<{ created: string[] }> {
  const conn = host.store.connections.get(crmConnectionId);
  if (!conn) throw new ConfigError(`The CRM connection "${crmConnectionId}" does not exist.`, { code: 'NOT_FOUND', hint: 'Refresh the list; it may have been deleted.' });
  const setup = manifestFor(conn.system)?.capabilities?.crmSetup;
  if (!setup) return { created: [] };
  const { created } = await setup.ensureFields(configOf(conn), { secrets: decryptSecrets(host, conn.id), registry: host.registry, logger: host.logger }, {
    fields: template.crmProperties,
    writesLines: template.flows.some((f) => f.mapping.lines),
  });
  if (created.length) host.logger.info({ template: template.id, created }, 'created CRM properties');
  return { created };
}
