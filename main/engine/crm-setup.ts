// One-time CRM setup for an integration template: the CRM connector's `crmSetup` capability creates the
// custom fields the template's flows write (idempotently). A CRM without the capability needs none.
// A setup that could not run (an import while the CRM did not answer), or was left for later (an
// integration created paused, so its dry run writes nothing), is remembered with the CRM connection and
// done by the next run of any flow that uses that connection, before it reads anything.
import type { CrmFieldSpec } from '../../connectors/kit/types.ts';
import { ConfigError } from '../../connectors/kit/errors.ts';
import { manifestFor } from '../../connectors/index.ts';
import { configOf, decryptSecrets, type ConnectorHost } from './open-connector.ts';
import { assertTransportAllowed } from './transport-policy.ts';
import { connectionAllowedHosts } from '../../connectors/kit/hosts.ts';
import { originsOf } from '../../preload/contract/connection-origin.ts';
import { connectionScope, sqliteConnectionState } from './connection-state.ts';

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
  // The connection's state and clock as a run's connector gets them: the account's API budget this creates
  // first is shared by every flow through the registry, so it must count where the runs count.
  const ctx = {
    secrets: decryptSecrets(host, conn.id),
    registry: host.registry,
    logger: host.logger,
    allowedHosts: connectionAllowedHosts(manifest, originsOf(conn.settings), config),
    state: sqliteConnectionState(host.store, conn.id),
    ...(host.clock && { clock: host.clock }),
  };
  const { created } = await setup.ensureFields(config, ctx, {
    fields: template.crmProperties,
    writesLines: template.flows.some((f) => f.mapping.lines),
  });
  if (created.length) host.logger.info({ template: template.id, created }, 'created CRM properties');
  forgetPending(host, template.id, crmConnectionId);
  return { created };
}

/** Where a connection's outstanding setups are kept (the connection's state scope; a key no connector uses). */
const PENDING_KEY = 'host:crm-setup-pending';

/** What a pending setup needs to run later, without the template files. */
interface PendingSetup {
  id: string;
  crmProperties: CrmFieldSpec[];
  writesLines: boolean;
  error: string;
  since: string;
}

function pendingOf(host: Pick<ConnectorHost, 'store'>, crmConnectionId: string): Record<string, PendingSetup> {
  return (host.store.state.get(connectionScope(crmConnectionId), PENDING_KEY)?.value as Record<string, PendingSetup> | undefined) ?? {};
}

/** Remembers a template's setup that failed, so the next run of a flow using the connection does it. */
export function markCrmSetupPending(host: ConnectorHost, template: CrmSetupTemplate, crmConnectionId: string, error: string): void {
  const pending = pendingOf(host, crmConnectionId);
  const writesLines = template.flows.some((f) => f.mapping.lines);
  pending[template.id] = { id: template.id, crmProperties: template.crmProperties, writesLines, error, since: pending[template.id]?.since ?? new Date().toISOString() };
  host.store.state.set(connectionScope(crmConnectionId), PENDING_KEY, pending);
}

/** Whether `object.property` is one of the custom fields an outstanding setup on the connection will create. */
export function isPendingCrmField(host: Pick<ConnectorHost, 'store'>, crmConnectionId: string, object: string, property: string): boolean {
  return Object.values(pendingOf(host, crmConnectionId)).some((p) => p.crmProperties.some((f) => f.object === object && f.name === property));
}

/** The template ids whose setup is still outstanding on a connection. */
export function pendingCrmSetups(host: ConnectorHost, crmConnectionId: string): string[] {
  return Object.keys(pendingOf(host, crmConnectionId));
}

/**
 * Runs the setups still outstanding on these connections (a run calls it for its two ends). Each that
 * succeeds is forgotten; one that fails again throws, naming the template, so the run fails with the
 * reason instead of writing records whose properties do not exist.
 */
export async function completePendingCrmSetups(host: ConnectorHost, connectionIds: readonly string[]): Promise<void> {
  for (const id of new Set(connectionIds)) {
    for (const p of Object.values(pendingOf(host, id))) {
      try {
        await setupCrmFields(host, { id: p.id, crmProperties: p.crmProperties, flows: p.writesLines ? [{ mapping: { lines: true } }] : [] }, id);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw new ConfigError(`The CRM setup of the ${p.id} integration (its custom properties), outstanding since ${p.since} (${p.error}), fails: ${message}`, {
          code: 'CRM_SETUP_PENDING',
          hint: 'Check that the CRM connection answers (Connections → Test); the next run tries the setup again.',
        });
      }
    }
  }
}

function forgetPending(host: ConnectorHost, templateId: string, crmConnectionId: string): void {
  const pending = pendingOf(host, crmConnectionId);
  if (!(templateId in pending)) return;
  delete pending[templateId];
  if (Object.keys(pending).length) host.store.state.set(connectionScope(crmConnectionId), PENDING_KEY, pending);
  else host.store.state.delete(connectionScope(crmConnectionId), PENDING_KEY);
}
