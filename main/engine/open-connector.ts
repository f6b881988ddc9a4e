// Builds a live connector for a saved (or draft) connection: parses its settings with the connector's
// own config schema, decrypts its secrets, and hands it a context. Nothing else decrypts secrets.
import type { ChangeWindow, Clock, Connector, ConnectorContext, Logger, SharedRegistry } from '../../connectors/kit/types.ts';
import { manifestFor } from '../../connectors/index.ts';
import type { Store, ConnectionRow } from '../store/index.ts';
import { sqliteConnectionState } from './connection-state.ts';
import type { Vault } from '../secrets/vault.ts';
import { ConfigError } from '../../connectors/kit/errors.ts';
import { formFieldsOf } from './form-fields.ts';
import { connectionAllowedHosts } from '../../connectors/kit/hosts.ts';
import { originsOf } from '../../preload/contract/connection-origin.ts';
import { assertTransportAllowed } from './transport-policy.ts';
import { blackoutGateFor } from './blackout/connection-blackouts.ts';
import type { BlackoutMode } from './blackout/gate.ts';

export interface ConnectorHost {
  store: Store;
  vault: Vault;
  registry: SharedRegistry;
  logger: Logger;
  /** The engine's clock: blackout windows are judged on it and connectors go by it (API budget days and windows); the system clock when absent. */
  clock?: Clock;
}

export function decryptSecrets(host: ConnectorHost, connectionId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of host.store.secrets.names(connectionId)) {
    const blob = host.store.secrets.get(connectionId, name);
    if (blob) out[name] = host.vault.decrypt(blob);
  }
  return out;
}

export function configOf(row: Pick<ConnectionRow, 'system' | 'settings' | 'tls'>): unknown {
  const manifest = manifestFor(row.system);
  if (!manifest) throw new ConfigError(`The ${row.system} connector is not available in this version yet.`, { code: 'NOT_AVAILABLE_YET', hint: 'Choose another integration for now.' });
  // Certificate trust only: the plain-http consent is the host's business (transport-policy.ts).
  const { fingerprint256, ca } = row.tls;
  const tls = fingerprint256 || ca ? { tls: { ...(fingerprint256 && { fingerprint256 }), ...(ca && { ca }) } } : {};
  const parsed = manifest.configSchema.safeParse({ ...row.settings, ...tls });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Named by the form's label ("Company (Org ID)"), not the setting's internal name.
    const name = String(issue?.path[0] ?? '');
    const label = formFieldsOf(manifest).find((f) => f.name === name)?.label ?? (issue?.path.join('.') || 'A setting');
    throw new ConfigError(`${label}: ${(issue?.message ?? 'invalid').replace(/\.$/, '')}.`, {
      code: 'INVALID_SETTINGS',
      hint: `Open the connection and correct "${label}".`,
      data: { path: issue?.path.map(String) ?? [] },
    });
  }
  return parsed.data;
}

/** The connection's IANA zone when its system stamps server-local times (manifest `timeZone`), else null. */
export function timeZoneOf(row: Pick<ConnectionRow, 'system' | 'settings' | 'tls'>): string | null {
  const manifest = manifestFor(row.system);
  return manifest?.timeZone ? manifest.timeZone(configOf(row)) : null;
}

/** How the connection's system finds changes of `entity` (manifest `changeWindow`), else null. */
export function changeWindowOf(row: Pick<ConnectionRow, 'system' | 'settings' | 'tls'>, entity: string): ChangeWindow | null {
  const manifest = manifestFor(row.system);
  return manifest?.changeWindow ? manifest.changeWindow(configOf(row), entity) : null;
}

export function openConnector(
  host: ConnectorHost,
  row: Pick<ConnectionRow, 'id' | 'system' | 'settings' | 'tls'> & Partial<Pick<ConnectionRow, 'name' | 'blackouts'>>,
  options: {
    signal?: AbortSignal;
    secrets?: Record<string, string>;
    /** What a request meeting a blackout window does (blackout/gate.ts); 'pause' (refuse with resumeAt) by default. */
    blackout?: BlackoutMode;
  } = {},
): Connector {
  const manifest = manifestFor(row.system)!;
  const config = configOf(row);
  assertTransportAllowed(row.settings, row.tls);
  const secrets = options.secrets ?? decryptSecrets(host, row.id);
  for (const s of manifest.secrets) {
    if (!s.optional && !secrets[s.name]) throw new ConfigError(`The connection has no ${s.label}.`, { code: 'MISSING_SECRET', hint: `Open the connection and enter the ${s.label}.` });
  }
  const now = () => host.clock?.now() ?? new Date();
  const gate = blackoutGateFor({ id: row.id, system: row.system, name: row.name ?? row.system, blackouts: row.blackouts }, options.blackout ?? 'pause', now, host.logger);
  const ctx: ConnectorContext = {
    logger: host.logger,
    clock: host.clock ?? { now: () => new Date() },
    signal: options.signal ?? new AbortController().signal,
    secrets,
    registry: host.registry,
    state: sqliteConnectionState(host.store, row.id),
    // The kit refuses any request outside these, unsent (learned addresses included).
    allowedHosts: connectionAllowedHosts(manifest, originsOf(row.settings), config),
    ...(gate && { gate }),
  };
  return manifest.create(config, ctx);
}
