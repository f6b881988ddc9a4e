// The tray icon: its picture and tooltip show the overall status, its menu offers Sync all / Open /
// Pause (or Resume) / Quit. Clicking the icon opens the window (Windows and Linux convention).
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { ActivitySnapshot, OverallStatus } from './activity.ts';

export interface TrayActions {
  open(): void;
  syncAll(): void;
  togglePause(): void;
  quit(): void;
}

export interface TrayView {
  activity: ActivitySnapshot;
  paused: boolean;
}

export function trayIconPath(iconsDir: string, status: OverallStatus): string {
  // nativeImage picks tray-<status>@2x.png next to it on high-DPI displays.
  return join(iconsDir, `tray-${status}.png`);
}

export function trayMenuTemplate(view: TrayView, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: view.paused ? `Paused — ${view.activity.summary}` : view.activity.summary, enabled: false },
    { type: 'separator' },
    { label: 'Sync all now', enabled: !view.paused, click: () => actions.syncAll() },
    { label: 'Open ML Connector', click: () => actions.open() },
    { label: view.paused ? 'Resume syncing' : 'Pause syncing', click: () => actions.togglePause() },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}

export class StatusTray {
  private readonly tray: Tray;

  constructor(
    private readonly iconsDir: string,
    private readonly actions: TrayActions,
    view: TrayView,
  ) {
    this.tray = new Tray(nativeImage.createFromPath(trayIconPath(iconsDir, view.activity.status)));
    this.tray.on('click', () => actions.open());
    this.update(view);
  }

  update(view: TrayView): void {
    this.tray.setImage(nativeImage.createFromPath(trayIconPath(this.iconsDir, view.activity.status)));
    this.tray.setToolTip(`ML Connector — ${view.paused ? 'paused' : view.activity.summary}`);
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(view, this.actions)));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
