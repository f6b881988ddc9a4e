// What every part of the service shares: the store, the vault, the bus, connector plumbing, and the
// engine's live state (which flows run now, when each runs next) once the engine is attached.
import type { Store } from '../store/index.ts';
import type { Vault } from '../secrets/vault.ts';
import type { EventBus } from './events.ts';
import type { ConnectorHost } from '../engine/open-connector.ts';
import type { EngineState } from '../engine/port.ts';
import type { HostMode } from './app-service.ts';
import type { AppInfo } from '../../preload/contract/index.ts';
import type { TemplateSource } from './templates.ts';
import type { ClosableRegistry } from '../../connectors/kit/registry.ts';

export interface ServiceContext extends ConnectorHost {
  /** The process's one registry; the service closes it at shutdown (lingering sessions log out). */
  registry: ClosableRegistry;
  store: Store;
  vault: Vault;
  events: EventBus;
  dataDir: string;
  mode: HostMode;
  version: string;
  engine: EngineState;
  /** The integration templates (the bundled ones; tests inject a directory with a bumped copy). */
  templates: TemplateSource;
  /** Desktop hosts replace this with the updater's live status. */
  updateStatus: () => AppInfo['update'];
  checkForUpdates: () => Promise<AppInfo['update']>;
}

export const nowIso = () => new Date().toISOString();
