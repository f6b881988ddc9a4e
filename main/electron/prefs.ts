// Desktop-only state (electron-store, `desktop-state.json` in userData): window geometry and what the
// tray's Pause switched off. Headless `serve` never reads it. Settings that matter to syncing
// (keepRunningInBackground, startAtLogin…) live in the service's store.
import type { WindowState } from './window-state.ts';

export interface DesktopPrefs {
  window: WindowState | null;
  /** Flows the tray's "Pause syncing" disabled, so "Resume" re-enables exactly those. */
  pausedFlowIds: string[] | null;
}

export const PREFS_DEFAULTS: DesktopPrefs = { window: null, pausedFlowIds: null };

/** The part of electron-store (Conf) we use; main.ts passes the real store. */
export interface PrefsStore {
  get<K extends keyof DesktopPrefs>(key: K): DesktopPrefs[K];
  set<K extends keyof DesktopPrefs>(key: K, value: DesktopPrefs[K]): void;
}
