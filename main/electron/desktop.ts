// Boots the desktop app: single instance → app:// scheme and security → data folder and vault (with the
// one-time secret re-encryption) → the service → IPC → window, tray, notifications, login item,
// updater. Everything it wires is built and tested elsewhere; this file only decides the order.
// main.ts calls it with the real electron-store, electron-updater and createAppService.
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session } from 'electron';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppService } from '../service/app-service.ts';
import { dispatch } from '../service/dispatch.ts';
import type { Vault } from '../secrets/vault.ts';
import { chooseDesktopVault } from '../secrets/safe-storage.ts';
import { registerIpc } from '../ipc/register.ts';
import { forwardEvents } from '../ipc/forward-events.ts';
import { rendererDistDir } from '../paths.ts';
import { APP_ORIGIN } from './app-origin.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { hardenSession, installSecurity } from './security.ts';
import { claimSingleInstance } from './single-instance.ts';
import { resolveDesktopDataDir } from './data-dir.ts';
import { createLogger } from '../logging.ts';
import { adoptDataFolder, describeReport, handOverDataFolder } from './secret-handover.ts';
import { UpdateController, publisherNames, type UpdaterLike, type UpdateStatus } from './updater.ts';
import type { Logger } from '../../connectors/kit/types.ts';
import { DesktopSettings } from './desktop-settings.ts';
import { WindowManager } from './window-manager.ts';
import { ActivityMonitor } from './activity.ts';
import { StatusTray } from './tray.ts';
import { showNotice, watchNotifications } from './notifications.ts';
import { isPaused, pauseSyncing, resumeSyncing } from './pause.ts';
import { applyStartAtLogin, launchedHidden } from './login-item.ts';
import type { PrefsStore } from './prefs.ts';

export const HANDOVER_FLAG = '--handover-to-headless';
/** electron-builder.yml `appId`. */
export const APP_ID = 'com.mlconnector.desktop';

/** What startDesktop hands to createAppService (main/service/index.ts accepts exactly this). */
export interface DesktopServiceOptions {
  dataDir: string;
  mode: 'desktop';
  vault: Vault;
  logger: Logger;
  schedule: true;
  /** Live update status for settings:appInfo and settings:checkForUpdates. */
  update: { updateStatus(): UpdateStatus; checkForUpdates(): Promise<UpdateStatus> };
}

export interface DesktopDeps<S extends AppService = AppService> {
  createService(options: DesktopServiceOptions): Promise<S> | S;
  openPrefs(): PrefsStore;
  /** Called after `ready` (electron-updater's autoUpdater must not be touched earlier). */
  createUpdater(): UpdaterLike;
  argv?: string[];
  env?: NodeJS.ProcessEnv;
}

export interface DesktopApp<S extends AppService = AppService> {
  dataDir: string;
  service: S;
  windows: WindowManager;
  tray: StatusTray;
  activity: ActivityMonitor;
  updates: UpdateController;
  settings: DesktopSettings;
}

/** Icons ship as extraResources (real files, which Linux tray implementations need); in development they sit in the repo. */
function iconsDir(): string {
  const packaged = join(process.resourcesPath ?? '', 'resources', 'icons');
  return app.isPackaged && existsSync(packaged) ? packaged : join(app.getAppPath(), 'resources', 'icons');
}

export async function startDesktop<S extends AppService>(deps: DesktopDeps<S>): Promise<DesktopApp<S> | null> {
  const argv = deps.argv ?? process.argv;
  const env = deps.env ?? process.env;
  // Same userData (and so the same default data folder) for `npm start` and the installed app.
  app.setPath('userData', join(app.getPath('appData'), 'ml-connector'));
  const handover = argv.includes(HANDOVER_FLAG);

  let windows: WindowManager | null = null;
  if (!claimSingleInstance(() => windows?.show())) {
    if (handover) console.error('ML Connector is running: quit it from the tray first, then run the handover again.');
    app.quit();
    return null;
  }
  registerAppScheme();
  installSecurity();
  // Every renderer sandboxed, whatever options a window is created with.
  app.enableSandbox();
  // Windows shows notifications only for a known app id (the installer registers the same one).
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  await app.whenReady();

  const dataDir = resolveDesktopDataDir(argv, env);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 }); // tightened with its contents by createAppService
  const log = createLogger(dataDir);
  const { vault, fallbackReason } = chooseDesktopVault(safeStorage, dataDir, env);
  if (fallbackReason) log.warn({ reason: fallbackReason }, 'secrets use the key file instead of the OS keychain');

  if (handover) {
    await runHandover(dataDir, vault, env);
    return null;
  }
  const adopted = adoptDataFolder(dataDir, vault, env);
  if (adopted.reencrypted || adopted.unreadable.length) log.info({ report: adopted }, describeReport(adopted));

  let quitting = false;
  let activity: ActivityMonitor | null = null;
  let settings: DesktopSettings | null = null;
  const updates = new UpdateController({
    updater: deps.createUpdater(),
    packaged: app.isPackaged,
    feedUrl: async () => settings?.get().updateFeedUrl ?? '',
    isBusy: () => activity?.isBusy() ?? true,
    isInBackground: () => !(windows?.isVisible() ?? false),
    log: (m) => log.info(m),
    windowsPublishers: async () => publisherNames(join(process.resourcesPath ?? '', 'app-update.yml')),
  });

  const service = await deps.createService({
    dataDir,
    mode: 'desktop',
    vault,
    logger: log,
    schedule: true,
    update: { updateStatus: () => updates.status(), checkForUpdates: () => updates.check() },
  });
  settings = new DesktopSettings(service.impl);
  const current = await settings.load();

  hardenSession(session.defaultSession);
  serveRenderer(rendererDistDir());
  const unregisterIpc = registerIpc({
    ipcMain,
    impl: settings.observe(service.impl),
    origin: APP_ORIGIN,
    onRejected: (channel, url) => log.warn({ channel, url }, 'refused an IPC call from a frame that is not ours'),
  });
  const stopForwarding = forwardEvents(service.events, () => BrowserWindow.getAllWindows().map((w) => w.webContents), APP_ORIGIN);

  const prefs = deps.openPrefs();
  const icons = iconsDir();
  const appIcon = join(icons, 'icon.png');
  const desktopSettings = settings;
  windows = new WindowManager({
    preload: join(app.getAppPath(), 'dist', 'preload', 'index.cjs'),
    icon: appIcon,
    prefs,
    keepRunningInBackground: () => desktopSettings.get().keepRunningInBackground,
    isQuitting: () => quitting,
    onHidden: () => updates.installWhenIdle(),
  });
  const win = windows;
  win.create(launchedHidden(argv));

  const monitor = new ActivityMonitor(service.impl, service.events);
  activity = monitor;
  const notifyProblem = (title: string, body: string) => showNotice({ title, body, route: '/' }, (r) => win.show(r), appIcon);
  const tray = new StatusTray(
    icons,
    {
      open: () => win.show(),
      syncAll: () =>
        void dispatch(service.impl, 'runs:syncNow', {}).then((r) => {
          if (!r.ok) notifyProblem('Could not start syncing', r.error.message);
        }),
      togglePause: () =>
        void (isPaused(prefs) ? resumeSyncing(service.impl, prefs) : pauseSyncing(service.impl, prefs)).then((r) => {
          if (r.errors.length) notifyProblem('Some flows could not be changed', r.errors.join('\n'));
          void monitor.refresh();
        }),
      quit: () => app.quit(),
    },
    { activity: monitor.snapshot(), paused: isPaused(prefs) },
  );
  monitor.onChange((s) => tray.update({ activity: s, paused: isPaused(prefs) }));
  void monitor.refresh();

  const stopNotifications = watchNotifications({ impl: service.impl, events: service.events, icon: appIcon, openRoute: (r) => win.show(r) });
  const stopIdleInstall = service.events.subscribe((e) => {
    if (e.name === 'run:finished') updates.installWhenIdle();
  });

  applyStartAtLogin(current.startAtLogin, env);
  settings.onChange((next, previous) => {
    if (next.startAtLogin !== previous.startAtLogin) applyStartAtLogin(next.startAtLogin, env);
    if (next.updateFeedUrl !== previous.updateFeedUrl) void updates.check();
  });
  updates.start();

  app.on('activate', () => win.show());
  app.on('window-all-closed', () => {
    if (!desktopSettings.get().keepRunningInBackground) app.quit();
  });
  // Quit waits for the service to close (the page in flight finishes, the store closes cleanly).
  let closed = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void (async () => {
      updates.stop();
      stopIdleInstall();
      stopNotifications();
      stopForwarding();
      unregisterIpc();
      monitor.close();
      tray.destroy();
      try {
        await service.close();
      } catch (e) {
        log.error({ err: e }, 'the service did not close cleanly');
      }
      log.flush();
      closed = true;
      app.quit();
    })();
  });

  log.info({ dataDir, secrets: vault.backend, version: app.getVersion() }, 'desktop app started');
  return { dataDir, service, windows: win, tray, activity: monitor, updates, settings: desktopSettings };
}

async function runHandover(dataDir: string, vault: Vault, env: NodeJS.ProcessEnv): Promise<void> {
  let detail: string;
  let failed = false;
  if (vault.backend !== 'safe-storage') {
    detail = 'Secrets in this data folder already use the key file; `ml-connector serve` can read them as they are.';
  } else {
    const report = handOverDataFolder(dataDir, vault, env);
    failed = report.unreadable.length > 0;
    const key = env.ML_CONNECTOR_KEY ? 'the key in ML_CONNECTOR_KEY (give the service the same value)' : 'secret.key in the data folder (keep it with the folder, mode 0600)';
    detail = `${describeReport(report)}. They are now encrypted with ${key}. Start the service with: ml-connector serve --data-dir "${dataDir}"`;
    console.log(JSON.stringify({ handover: report, dataDir }));
  }
  await dialog.showMessageBox({ type: failed ? 'warning' : 'info', title: 'ML Connector', message: 'Data folder handed over to service mode', detail });
  app.exit(failed ? 1 : 0);
}
