// The one application window: sandboxed renderer, isolated context, no Node, the preload as its only
// bridge, loading the bundled UI from app://mlc. Shown once the first paint is ready (no white flash).
import { app, BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin.ts';
import { MIN_WINDOW, type RestoredWindow } from './window-state.ts';

export interface MainWindowOptions {
  preload: string;
  restored: RestoredWindow;
  icon?: string;
  /** Start hidden in the tray (launched at login). */
  hidden: boolean;
  /** Page to load; the entry page unless a route was asked for. */
  url?: string;
}

export function createMainWindow({ preload, restored, icon, hidden, url = APP_ENTRY_URL }: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...restored.bounds,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    show: false,
    title: 'ML Connector',
    autoHideMenuBar: true,
    ...(icon && { icon }),
    // Every security-relevant option spelled out, even where it is Electron's default, so a review (and
    // Electronegativity, which reads this literal) sees it and a future default change cannot loosen it.
    webPreferences: {
      // The one preload (preload/index.ts) exposes only window.mlc: `call` limited to the contract's
      // channels and `subscribe`; no ipcRenderer, no Node. Reviewed, hence:
      preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // DevTools only in development: an installed app gives no console to paste "helpful" code into.
      devTools: !app.isPackaged,
      // Middle-click must not open new windows (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => {
    if (hidden) return;
    if (restored.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(url);
  return win;
}
