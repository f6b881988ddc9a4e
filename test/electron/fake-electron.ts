// A small stand-in for the `electron` module (the binary cannot be downloaded here, and tests should not
// need a display anyway). It implements just enough of app, BrowserWindow, webContents, ipcMain,
// ipcRenderer, contextBridge, safeStorage, Tray, Menu, Notification, session, protocol, shell, screen
// and dialog to run the real main/electron, main/ipc and preload code, and records what they did.
// Use: `vi.mock('electron', () => import('./fake-electron.ts'))`, then `resetFakeElectron()` per test.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** An Electron-style event: handlers may call preventDefault(). */
export function fakeEvent<T extends object>(extra?: T): { defaultPrevented: boolean; preventDefault(): void } & T {
  const e = {
    defaultPrevented: false,
    preventDefault() {
      e.defaultPrevented = true;
    },
    ...(extra ?? ({} as T)),
  };
  return e;
}

// ---- app -------------------------------------------------------------------------------------------
class FakeApp extends EventEmitter {
  isPackaged = false;
  lockAvailable = true;
  paths = new Map<string, string>();
  quitCount = 0;
  exitCode: number | null = null;
  quitted = false;
  loginItem: unknown = null;
  appPath = REPO_ROOT;

  reset(base: string) {
    this.removeAllListeners();
    this.isPackaged = false;
    this.lockAvailable = true;
    this.paths = new Map([['appData', join(base, 'appData')]]);
    this.quitCount = 0;
    this.exitCode = null;
    this.quitted = false;
    this.loginItem = null;
    this.appPath = REPO_ROOT;
    this.sandboxEnabled = false;
    this.appUserModelId = null;
  }
  getPath(name: string) {
    return this.paths.get(name) ?? join(tmpdir(), 'fake-electron', name);
  }
  setPath(name: string, value: string) {
    this.paths.set(name, value);
  }
  getAppPath() {
    return this.appPath;
  }
  getVersion() {
    return '0.1.0';
  }
  getName() {
    return 'ml-connector';
  }
  requestSingleInstanceLock() {
    return this.lockAvailable;
  }
  whenReady() {
    return Promise.resolve();
  }
  /** Like Electron: before-quit, then will-quit (which may be prevented), then quit. */
  quit() {
    this.quitCount++;
    const before = fakeEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    const will = fakeEvent();
    this.emit('will-quit', will);
    if (will.defaultPrevented) return;
    this.quitted = true;
    this.emit('quit');
  }
  exit(code = 0) {
    this.exitCode = code;
  }
  sandboxEnabled = false;
  appUserModelId: string | null = null;
  enableSandbox() {
    this.sandboxEnabled = true;
  }
  setAppUserModelId(id: string) {
    this.appUserModelId = id;
  }
  setLoginItemSettings(settings: unknown) {
    this.loginItem = settings;
  }
  getLoginItemSettings() {
    return { openAtLogin: false, wasOpenedAtLogin: false };
  }
}
export const app = new FakeApp();

// ---- web contents and windows ---------------------------------------------------------------------
export class FakeFrame {
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
    public detached = false,
  ) {}
  get top(): FakeFrame {
    return this.parent ? this.parent.top : this;
  }
}

let nextId = 1;
export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  url = '';
  destroyed = false;
  sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  mainFrame = new FakeFrame('');

  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }) {
    this.windowOpenHandler = handler;
  }
  navigateTo(url: string) {
    this.url = url;
    this.mainFrame = new FakeFrame(url);
  }
}

const allWindows = new Set<BrowserWindow>();
export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  static getAllWindows() {
    return [...allWindows];
  }
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  minimized = false;
  maximized = false;
  destroyed = false;
  loads: string[] = [];
  bounds: { x: number; y: number; width: number; height: number };

  constructor(readonly options: Record<string, unknown>) {
    super();
    this.bounds = { x: (options.x as number) ?? 100, y: (options.y as number) ?? 100, width: (options.width as number) ?? 800, height: (options.height as number) ?? 600 };
    BrowserWindow.created.push(this);
    allWindows.add(this);
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  loadURL(url: string) {
    this.loads.push(url);
    this.webContents.navigateTo(url);
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.focused = true;
  }
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Like a user clicking the close box: 'close' may be prevented; otherwise the window is gone. */
  close() {
    const e = fakeEvent();
    this.emit('close', e);
    if (e.defaultPrevented) return false;
    this.destroyed = true;
    this.webContents.destroyed = true;
    allWindows.delete(this);
    this.emit('closed');
    if (allWindows.size === 0) app.emit('window-all-closed');
    return true;
  }
}

// ---- IPC ---------------------------------------------------------------------------------------------
type Handler = (event: { senderFrame: FakeFrame | null; sender: unknown }, ...args: unknown[]) => unknown;
class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  /** What a renderer's ipcRenderer.invoke does: run the handler with an event naming the sender frame. */
  async invokeFrom(frame: FakeFrame | null, channel: string, ...args: unknown[]) {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frame, sender: null }, ...args);
  }
}
export const ipcMain = new FakeIpcMain();

class FakeIpcRenderer extends EventEmitter {
  /** The frame the preload runs in; tests point it at app://mlc or elsewhere. */
  frame: FakeFrame | null = new FakeFrame('app://mlc/index.html');
  invocations: { channel: string; args: unknown[] }[] = [];
  invoke(channel: string, ...args: unknown[]) {
    this.invocations.push({ channel, args });
    return ipcMain.invokeFrom(this.frame, channel, ...args);
  }
  /** Deliver a message from main, the way webContents.send arrives in the renderer. */
  deliver(channel: string, ...args: unknown[]) {
    this.emit(channel, { sender: this, senderId: 0 }, ...args);
  }
}
export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    this.exposed.set(key, api);
  },
};

// ---- secrets ---------------------------------------------------------------------------------------
/** Reversible but not plaintext: enough to prove nothing readable reaches the disk. */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  isEncryptionAvailable() {
    return this.available;
  },
  encryptString(plain: string) {
    return Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a)).reverse();
  },
  decryptString(blob: Buffer) {
    return Buffer.from([...Buffer.from(blob).reverse()].map((b) => b ^ 0x5a)).toString('utf8');
  },
  getSelectedStorageBackend() {
    return this.backend;
  },
};

// ---- tray, menu, notifications, images ------------------------------------------------------------
export const nativeImage = {
  createFromPath(path: string) {
    return { path, isEmpty: () => false };
  },
};

export const Menu = {
  buildFromTemplate(template: unknown[]) {
    return { items: template };
  },
};

export class Tray extends EventEmitter {
  static created: Tray[] = [];
  image: { path: string };
  tooltip = '';
  menu: { items: { label?: string; type?: string; enabled?: boolean; click?: () => void }[] } | null = null;
  destroyed = false;
  constructor(image: { path: string }) {
    super();
    this.image = image;
    Tray.created.push(this);
  }
  setImage(image: { path: string }) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: Tray['menu']) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
  /** Clicks the menu item with this label, as a user would. */
  clickItem(label: string) {
    const item = this.menu?.items.find((i) => i.label === label);
    if (!item?.click) throw new Error(`no menu item "${label}" in ${JSON.stringify(this.menu?.items.map((i) => i.label))}`);
    item.click();
  }
}

export class Notification extends EventEmitter {
  static shown: Notification[] = [];
  static supported = true;
  static isSupported() {
    return Notification.supported;
  }
  constructor(readonly options: { title: string; body: string; icon?: string }) {
    super();
  }
  show() {
    Notification.shown.push(this);
  }
}

// ---- session, protocol, shell, screen, dialog -----------------------------------------------------
type Callback<T> = (response: T) => void;
type PermissionRequestHandler = (wc: unknown, permission: string, cb: Callback<boolean>, details?: unknown) => void;
type PermissionCheckHandler = (wc: unknown, permission: string) => boolean;
type BeforeRequestHandler = (details: { url: string }, cb: Callback<{ cancel?: boolean }>) => void;
type HeadersReceivedHandler = (details: { url: string; responseHeaders?: Record<string, string[]> }, cb: Callback<{ responseHeaders?: Record<string, string[]> }>) => void;

interface FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null;
  permissionCheckHandler: PermissionCheckHandler | null;
  beforeRequest: BeforeRequestHandler | null;
  headersReceived: HeadersReceivedHandler | null;
  setPermissionRequestHandler(h: PermissionRequestHandler): void;
  setPermissionCheckHandler(h: PermissionCheckHandler): void;
  webRequest: { onBeforeRequest(h: BeforeRequestHandler): void; onHeadersReceived(h: HeadersReceivedHandler): void };
}

const defaultSession: FakeSession = {
  permissionRequestHandler: null,
  permissionCheckHandler: null,
  beforeRequest: null,
  headersReceived: null,
  setPermissionRequestHandler(h) {
    defaultSession.permissionRequestHandler = h;
  },
  setPermissionCheckHandler(h) {
    defaultSession.permissionCheckHandler = h;
  },
  webRequest: {
    onBeforeRequest(h) {
      defaultSession.beforeRequest = h;
    },
    onHeadersReceived(h) {
      defaultSession.headersReceived = h;
    },
  },
};
export const session = { defaultSession };

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
    this.handlers.set(scheme, handler);
  },
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string) {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export const screen = {
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
  getAllDisplays() {
    return this.displays;
  },
};

export const dialog = {
  messages: [] as unknown[],
  errors: [] as [string, string][],
  showMessageBox(options: unknown) {
    this.messages.push(options);
    return Promise.resolve({ response: 0, checkboxChecked: false });
  },
  showErrorBox(title: string, content: string) {
    this.errors.push([title, content]);
  },
};

/** Fresh state for the next test; the exported objects stay the same (modules hold references). */
export function resetFakeElectron(base: string = join(tmpdir(), 'fake-electron')): void {
  app.reset(base);
  for (const w of allWindows) w.removeAllListeners();
  allWindows.clear();
  BrowserWindow.created = [];
  ipcMain.handlers.clear();
  ipcMain.removeAllListeners();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations = [];
  ipcRenderer.frame = new FakeFrame('app://mlc/index.html');
  contextBridge.exposed.clear();
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
  Tray.created = [];
  Notification.shown = [];
  Notification.supported = true;
  const s = session.defaultSession;
  s.permissionRequestHandler = null;
  s.permissionCheckHandler = null;
  s.beforeRequest = null;
  s.headersReceived = null;
  protocol.privileged = [];
  protocol.handlers.clear();
  shell.opened = [];
  screen.displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
  dialog.messages = [];
  dialog.errors = [];
}

export default { app, BrowserWindow, ipcMain, ipcRenderer, contextBridge, safeStorage, nativeImage, Menu, Tray, Notification, session, protocol, shell, screen, dialog };
