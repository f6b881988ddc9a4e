// createAppService: the one object implementing the API contract. Electron's main process, the
// headless `serve`, the CLI and the tests all build it the same way.
import { secureDataFolder } from '../data-folder.ts';
import type { ServiceImpl } from '../../preload/contract/index.ts';
import { openStore } from '../store/index.ts';
import { createKeyFileVault, loadOrCreateKey } from '../secrets/key-file.ts';
import type { Vault } from '../secrets/vault.ts';
import { EventBus } from './events.ts';
import type { AppService, HostMode } from './app-service.ts';
import type { ServiceContext } from './context.ts';
import { connectionsService } from './connections-service.ts';
import { blackoutsService } from './blackouts-service.ts';
import { flowsService } from './flows-service.ts';
import { settingsService } from './settings-service.ts';
import { packageVersion } from './package-version.ts';
import { alertDeliveryService } from './alert-delivery/alert-delivery-service.ts';
import { startAlertDispatcher, type AlertDispatcher } from './alert-delivery/alert-dispatcher.ts';
import { auditService } from './audit-service.ts';
import { runsService } from './runs-service.ts';
import { budgetService } from './budget-service.ts';
import { cursorsService } from './cursors-service.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { startEngineThread, type EngineThreadEntry } from '../engine-thread/engine-host.ts';
import { engineContextOf } from './engine-context.ts';
import { createSharedRegistry } from '../engine/shared-registry.ts';
import { createLogger } from '../logging.ts';
import { markCrmSetupPending, setupCrmFields } from '../engine/crm-setup.ts';
import { createWebhookInbox, type WebhookInbox } from '../engine/webhooks-inbox.ts';
import type { Clock, Logger } from '../../connectors/kit/types.ts';
import { bundledTemplates, type TemplateSource } from './templates.ts';
import { templateUpgradesService } from './template-upgrades/template-upgrades-service.ts';

export interface CreateAppServiceOptions {
  dataDir: string;
  mode: HostMode;
  /** Defaults to the key-file vault (headless). The desktop app passes its safeStorage vault. */
  vault?: Vault;
  logger?: Logger;
  /** Start the scheduler (serve, desktop). The CLI's one-shot commands leave it off. */
  schedule?: boolean;
  update?: Pick<ServiceContext, 'updateStatus' | 'checkForUpdates'>;
  /**
   * 'thread' (serve, desktop): the engine runs in a worker thread that owns the store connection it writes
   * with, so no call waits for a page being mapped, hashed or committed. 'inline' (default:
   * the CLI's one-shot commands, tests): in this thread.
   */
  engine?: 'inline' | 'thread';
  /** Where a bundled host's engine thread code is (its own entry); the source tree's otherwise. */
  engineEntry?: EngineThreadEntry;
  /** The integration templates; the bundled ones by default (tests pass a directory with a newer version). */
  templates?: TemplateSource;
  /** The engine's and connectors' time (inline engine only): tests move it to a sandbox's next day. */
  clock?: Clock;
}

export interface FullAppService extends AppService {
  readonly ctx: ServiceContext;
  readonly engine: Engine;
  readonly webhooks: WebhookInbox;
  /** E-mail and webhook delivery of failing runs, alerts and unresolved failures. */
  readonly alertDelivery: AlertDispatcher;
}

const disabledUpdates = { status: 'disabled' as const, version: null, message: 'Updates are managed by the service installation.', checkedAt: null };

export function createAppService(options: CreateAppServiceOptions): FullAppService {
  const tightened = secureDataFolder(options.dataDir);
  const store = openStore(options.dataDir);
  let vault: Vault;
  try {
    // Refuses to start when stored secrets cannot be read with the key (never mints a new key over them).
    vault = options.vault ?? createKeyFileVault(loadOrCreateKey(options.dataDir));
  } catch (e) {
    store.close();
    throw e;
  }
  const events = new EventBus();
  const engineRef: { current: Engine | null } = { current: null };
  const ctx: ServiceContext = {
    store,
    vault,
    events,
    dataDir: options.dataDir,
    mode: options.mode,
    version: packageVersion(),
    registry: createSharedRegistry(),
    ...(options.clock && { clock: options.clock }),
    logger: options.logger ?? createLogger(options.dataDir),
    engine: { isRunning: (id) => engineRef.current?.isRunning(id) ?? false, nextRunAt: (id) => engineRef.current?.nextRunAt(id) ?? null },
    templates: options.templates ?? bundledTemplates(),
    updateStatus: options.update?.updateStatus ?? (() => disabledUpdates),
    checkForUpdates: options.update?.checkForUpdates ?? (async () => disabledUpdates),
  };
  if (tightened.length) ctx.logger.warn({ tightened }, 'the data folder was readable by other users; made it owner-only');
  const engine: Engine =
    options.engine === 'thread'
      ? startEngineThread({ dataDir: options.dataDir, hostName: ctx.mode, store, vault, logger: ctx.logger, events: engineContextOf(ctx).events, schedule: options.schedule ?? false, ...(options.engineEntry && { entry: options.engineEntry }) })
      : createEngine(engineContextOf(ctx));
  engineRef.current = engine;

  const impl: ServiceImpl = {
    ...connectionsService(ctx),
    ...blackoutsService(ctx, (ids) => engine.flowsChanged(ids)),
    ...flowsService(ctx, { onFlowsChanged: (ids) => engine.flowsChanged(ids), setupTemplate: async (t, crm, { defer }) => {
        if (defer) markCrmSetupPending(ctx, t, crm, 'not run yet: the integration was created paused, to be dry-run before it writes');
        else await setupCrmFields(ctx, t, crm);
      },
    }),
    ...settingsService(ctx, () => engine.settingsChanged()),
    ...alertDeliveryService(ctx),
    ...templateUpgradesService(ctx, (ids) => engine.flowsChanged(ids)),
    ...auditService(ctx),
    ...runsService(ctx, engine),
    ...budgetService(ctx),
    ...cursorsService(ctx),
  };
  const alertDelivery = startAlertDispatcher(ctx);
  if (options.schedule && options.engine !== 'thread') engine.start();

  let closed = false;
  return {
    impl,
    events,
    ctx,
    engine,
    webhooks: createWebhookInbox(ctx, (ids) => engine.enqueue(ids, 'webhook')),
    alertDelivery,
    dataDir: options.dataDir,
    mode: options.mode,
    async close() {
      if (closed) return;
      closed = true;
      await engine.stop();
      // Sessions still waiting for a next flow are logged out (SAP B1: a licence seat each).
      await ctx.registry.close();
      alertDelivery.stop();
      await alertDelivery.idle();
      store.close();
    },
  };
}
