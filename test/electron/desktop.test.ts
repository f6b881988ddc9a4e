// The whole desktop boot with Electron faked and everything else real: the service on a temp data
// folder, the store, dispatch, IPC, preload-free calls through the fake ipcMain, tray, notifications,
// window lifecycle, quitting, and the secret hand-over between modes.
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channels, type Run } from '../../preload/contract/index.ts';

vi.mock('electron', () => import('./fake-electron.ts'));
const fake = await import('./fake-electron.ts');
const { startDesktop, HANDOVER_FLAG } = await import('../../main/electron/desktop.ts');
const { createAppService } = await import('../../main/service/index.ts');
const { PREFS_DEFAULTS } = await import('../../main/electron/prefs.ts');
const { openStore } = await import('../../main/store/index.ts');
const { createKeyFileVault, loadOrCreateKey } = await import('../../main/secrets/key-file.ts');
const { backendOf } = await import('../../main/secrets/vault.ts');
const { tempDir } = await import('./service-fixture.ts');
const { seedFlows } = await import('./seed.ts');
import type { DesktopPrefs, PrefsStore } from '../../main/electron/prefs.ts';
import type { UpdaterLike } from '../../main/electron/updater.ts';

class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  setFeedURL() {}
  async checkForUpdates() {
    return null;
  }
  async downloadUpdate() {
    return null;
  }
  quitAndInstall() {}
}

function memoryPrefs(): PrefsStore & { data: DesktopPrefs } {
  const data: DesktopPrefs = { ...PREFS_DEFAULTS };
  return { data, get: (k) => data[k], set: (k, v) => void (data[k] = v) };
}

const ourFrame = () => new fake.FakeFrame('app://mlc/index.html');

describe('desktop app', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dataDir: string;
  let prefs: ReturnType<typeof memoryPrefs>;

  beforeEach(() => {
    tmp = tempDir();
    dataDir = join(tmp.dir, 'data');
    fake.resetFakeElectron(tmp.dir);
    prefs = memoryPrefs();
  });
  afterEach(async () => {
    if (!fake.app.quitted && fake.app.exitCode === null) {
      fake.app.quit();
      await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    }
    tmp.remove();
  });

  const boot = (argv: string[] = [], env: NodeJS.ProcessEnv = {}) =>
    startDesktop({
      createService: (o) => createAppService(o),
      openPrefs: () => prefs,
      createUpdater: () => new FakeUpdater(),
      argv: ['electron', '.', '--data-dir', dataDir, ...argv],
      env,
    });

  it('a second launch only focuses the first instance', async () => {
    fake.app.lockAvailable = false;
    expect(await boot()).toBeNull();
    expect(fake.app.quitCount).toBe(1);
    expect(fake.BrowserWindow.created).toHaveLength(0);
    fake.app.quitted = true;
  });

  it('boots: scheme, hardened session, contract-only IPC, a sandboxed window on app://mlc, and the tray', async () => {
    const desktop = (await boot())!;
    expect(desktop.dataDir).toBe(dataDir);
    expect(fake.app.sandboxEnabled).toBe(true);
    expect(fake.app.getPath('userData')).toBe(join(tmp.dir, 'appData', 'ml-connector'));
    expect(fake.protocol.privileged).toHaveLength(1);
    expect(fake.protocol.handlers.has('app')).toBe(true);
    expect(fake.session.defaultSession.permissionRequestHandler).not.toBeNull();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...channels].sort());

    const [win] = fake.BrowserWindow.created;
    expect(win!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, devTools: true });
    expect(String((win!.options.webPreferences as { preload: string }).preload)).toMatch(/dist[\\/]preload[\\/]index\.cjs$/);
    expect(win!.loads).toEqual(['app://mlc/index.html']);
    expect(win!.webContents.windowOpenHandler).not.toBeNull();
    win!.emit('ready-to-show');
    expect(win!.visible).toBe(true);

    const tray = fake.Tray.created[0]!;
    expect(tray.image.path).toMatch(/tray-ok\.png$/);
    expect(existsSync(tray.image.path)).toBe(true);
    expect(tray.menu!.items.map((i) => i.label).filter(Boolean)).toEqual(['All flows OK', 'Sync all now', 'Open ML Connector', 'Pause syncing', 'Quit']);

    const info = (await fake.ipcMain.invokeFrom(ourFrame(), 'settings:appInfo', {})) as { ok: true; value: Record<string, unknown> };
    expect(info.value).toMatchObject({ mode: 'desktop', dataDir, secretsBackend: 'safe-storage', update: { status: 'disabled' } });
    expect(await fake.ipcMain.invokeFrom(new fake.FakeFrame('https://evil.example/'), 'connections:list', {})).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
  });

  it('starts hidden in the tray when launched at login', async () => {
    await boot(['--hidden']);
    const win = fake.BrowserWindow.created[0]!;
    win.emit('ready-to-show');
    expect(win.visible).toBe(false);
    fake.Tray.created[0]!.emit('click');
    expect(win.visible).toBe(true);
  });

  it('keeps syncing in the tray when the window closes, and quits cleanly when that setting is off', async () => {
    const desktop = (await boot())!;
    const win = fake.BrowserWindow.created[0]!;
    win.emit('ready-to-show');
    win.close();
    expect(win.destroyed).toBe(false);
    expect(win.visible).toBe(false);
    expect(fake.app.quitCount).toBe(0);

    fake.app.emit('second-instance', fake.fakeEvent(), ['electron', '.']);
    expect(win.visible).toBe(true);

    const updated = await fake.ipcMain.invokeFrom(ourFrame(), 'settings:update', { keepRunningInBackground: false });
    expect(updated).toMatchObject({ ok: true, value: { keepRunningInBackground: false } });
    const closeSpy = vi.spyOn(desktop.service, 'close');
    win.close();
    expect(win.destroyed).toBe(true);
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(closeSpy).toHaveBeenCalledTimes(1);
    expect(fake.Tray.created[0]!.destroyed).toBe(true);
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('notifies when a run fails; the click opens the audit view of that flow', async () => {
    const desktop = (await boot())!;
    const [flowId] = seedFlows(desktop.service.ctx.store, ['Customers']);
    const win = fake.BrowserWindow.created[0]!;
    win.close();
    const run: Run = {
      id: 'r1',
      flowId: flowId!,
      trigger: 'schedule',
      status: 'failed',
      startedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      counts: { read: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, waiting: 0 },
      expected: 0,
      written: 0,
      error: { code: 'AUTH_REJECTED', message: 'HubSpot refused the access token.' },
    };
    desktop.service.events.emit('run:started', { ...run, status: 'running' });
    expect(fake.Tray.created[0]!.image.path).toMatch(/tray-running\.png$/);
    desktop.service.events.emit('run:finished', run);
    await vi.waitFor(() => expect(fake.Notification.shown).toHaveLength(1));
    fake.Notification.shown[0]!.emit('click');
    expect(win.visible).toBe(true);
    expect(win.loads.at(-1)).toBe(`app://mlc/index.html#/audit?flow=${flowId}&action=failed`);
  });

  it('pauses and resumes syncing from the tray', async () => {
    const desktop = (await boot())!;
    seedFlows(desktop.service.ctx.store, ['Customers', 'Invoices']);
    const tray = fake.Tray.created[0]!;
    tray.clickItem('Pause syncing');
    await vi.waitFor(() => expect(tray.menu!.items.map((i) => i.label)).toContain('Resume syncing'));
    expect(prefs.data.pausedFlowIds).toHaveLength(2);
    expect(tray.tooltip).toContain('paused');
    tray.clickItem('Resume syncing');
    await vi.waitFor(() => expect(tray.menu!.items.map((i) => i.label)).toContain('Pause syncing'));
    expect(prefs.data.pausedFlowIds).toBeNull();
  });

  it('writes the login item when "start at login" is switched on in the installed app', async () => {
    fake.app.isPackaged = true;
    const env = { XDG_CONFIG_HOME: join(tmp.dir, 'xdg') };
    await boot([], env);
    await fake.ipcMain.invokeFrom(ourFrame(), 'settings:update', { startAtLogin: true });
    const entry = join(tmp.dir, 'xdg', 'autostart', 'ml-connector.desktop');
    if (process.platform === 'linux') {
      expect(readFileSync(entry, 'utf8')).toMatch(/^Exec=".+" --hidden$/m);
      await fake.ipcMain.invokeFrom(ourFrame(), 'settings:update', { startAtLogin: false });
      expect(existsSync(entry)).toBe(false);
    } else {
      expect(fake.app.loginItem).toEqual({ openAtLogin: true, args: ['--hidden'] });
    }
  });

  it('re-encrypts a headless folder into safeStorage at start', async () => {
    mkdirSync(dataDir, { recursive: true });
    const keyFile = createKeyFileVault(loadOrCreateKey(dataDir, {}));
    const store = openStore(dataDir);
    const now = new Date().toISOString();
    store.connections.insert({ id: 'c1', system: 'hubspot', name: 'HubSpot', settings: {}, tls: {}, createdAt: now, updatedAt: now });
    store.secrets.set('c1', 'accessToken', keyFile.encrypt('pat-na1-secret'));
    store.close();

    const desktop = (await boot())!;
    const rows = desktop.service.ctx.store.secrets.all();
    expect(rows.map((r) => backendOf(r.ciphertext))).toEqual(['safe-storage']);
    expect(desktop.service.ctx.vault.decrypt(rows[0]!.ciphertext)).toBe('pat-na1-secret');
  });

  it(`${HANDOVER_FLAG} re-encrypts for the key file, tells the admin, and exits without a window`, async () => {
    await boot();
    fake.app.quit();
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    const { vault } = await import('../../main/secrets/safe-storage.ts').then((m) => m.chooseDesktopVault(fake.safeStorage, dataDir, {}));
    const store = openStore(dataDir);
    const now = new Date().toISOString();
    store.connections.insert({ id: 'c1', system: 'hubspot', name: 'HubSpot', settings: {}, tls: {}, createdAt: now, updatedAt: now });
    store.secrets.set('c1', 'accessToken', vault.encrypt('pat-na1-secret'));
    store.close();

    fake.resetFakeElectron(tmp.dir);
    expect(await boot([HANDOVER_FLAG])).toBeNull();
    expect(fake.BrowserWindow.created).toHaveLength(0);
    expect(fake.app.exitCode).toBe(0);
    expect(fake.dialog.messages[0]).toMatchObject({ type: 'info', detail: expect.stringContaining('ml-connector serve --data-dir') });
    const after = openStore(dataDir);
    try {
      const row = after.secrets.all()[0]!;
      expect(backendOf(row.ciphertext)).toBe('key-file');
      expect(createKeyFileVault(loadOrCreateKey(dataDir, {})).decrypt(row.ciphertext)).toBe('pat-na1-secret');
    } finally {
      after.close();
    }
  });
});
