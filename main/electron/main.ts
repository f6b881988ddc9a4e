// Electron main-process entry (bundled to dist/electron/main.cjs by scripts/build-main.mjs). It only
// picks the real implementations — electron-store, electron-updater, createAppService — and hands them
// to startDesktop(); everything else is in the modules it wires.
import { app, dialog, ipcMain } from 'electron';
import Store from 'electron-store';
import { autoUpdater } from 'electron-updater';
import { createAppService } from '../service/index.ts';
import { startDesktop } from './desktop.ts';
import { PREFS_DEFAULTS, type DesktopPrefs } from './prefs.ts';

startDesktop({
  // The engine runs in a worker thread, so nothing the admin touches waits for it: dist/electron/engine-thread.cjs, bundled beside this
  // file by scripts/build-main.mjs. safeStorage stays here: the thread asks this thread to decrypt.
  createService: (options) => createAppService({ ...options, engine: 'thread', engineEntry: { url: new URL('./engine-thread.cjs', import.meta.url) } }),
  openPrefs: () => {
    const store = new Store<DesktopPrefs>({ name: 'desktop-state', defaults: PREFS_DEFAULTS, clearInvalidConfig: true });
    // electron-store answers a sync IPC message for renderer-side stores; our renderer has none, and no
    // channel outside the contract may stay open.
    ipcMain.removeAllListeners('electron-store-get-data');
    return store;
  },
  createUpdater: () => autoUpdater,
}).catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  const hint = (e as { hint?: unknown })?.hint;
  dialog.showErrorBox('ML Connector could not start', typeof hint === 'string' ? `${message}\n\n${hint}` : message);
  app.exit(1);
});
