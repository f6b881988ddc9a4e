// Owns the single main window: creates it on demand, restores its saved geometry, hides it instead of
// closing when the app keeps syncing in the background, and opens it at a given route (notification
// clicks, tray "Open", a second launch).
import { screen, type BrowserWindow } from 'electron';
import { appRouteUrl } from './app-origin.ts';
import { createMainWindow } from './window.ts';
import { restoreWindowState, trackWindowState } from './window-state.ts';
import type { PrefsStore } from './prefs.ts';

export interface WindowManagerOptions {
  preload: string;
  icon?: string;
  prefs: PrefsStore;
  /** settings.keepRunningInBackground, read when the window is closed. */
  keepRunningInBackground(): boolean;
  /** True once the app is quitting: then closing really closes. */
  isQuitting(): boolean;
  /** Called when the window is hidden to the tray, e.g. to try a pending update install. */
  onHidden?(): void;
}

export class WindowManager {
  private win: BrowserWindow | null = null;

  constructor(private readonly o: WindowManagerOptions) {}

  get window(): BrowserWindow | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  isVisible(): boolean {
    return this.window?.isVisible() ?? false;
  }

  /** Creates the window (hidden when started at login); returns the existing one if there is one. */
  create(hidden: boolean, route?: string): BrowserWindow {
    const existing = this.window;
    if (existing) {
      if (route) void existing.loadURL(appRouteUrl(route));
      return existing;
    }
    const workAreas = screen.getAllDisplays().map((d) => d.workArea);
    const win = createMainWindow({
      preload: this.o.preload,
      restored: restoreWindowState(this.o.prefs.get('window'), workAreas),
      hidden,
      ...(route && { url: appRouteUrl(route) }),
      ...(this.o.icon && { icon: this.o.icon }),
    });
    trackWindowState(win, (state) => this.o.prefs.set('window', state));
    win.on('close', (event) => {
      if (this.o.isQuitting() || !this.o.keepRunningInBackground()) return;
      event.preventDefault();
      win.hide();
      this.o.onHidden?.();
    });
    win.on('closed', () => {
      if (this.win === win) this.win = null;
    });
    this.win = win;
    return win;
  }

  /** Shows and focuses the window, optionally at a renderer route such as `/audit?flow=f1&action=failed`. */
  show(route?: string): void {
    const win = this.create(false, route);
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }
}
