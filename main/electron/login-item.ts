// "Start at login" (settings.startAtLogin). Windows and macOS use Electron's login items; Linux has none,
// so an XDG autostart entry is written instead. A login start passes --hidden: the app comes up in the
// tray without opening its window.
import { app } from 'electron';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const HIDDEN_FLAG = '--hidden';

export function linuxAutostartFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart', 'ml-connector.desktop');
}

export function linuxAutostartEntry(executable: string): string {
  // Quoted per the Desktop Entry spec, so a path with spaces still launches.
  const exec = `"${executable.replace(/(["`$\\])/g, '\\$1')}" ${HIDDEN_FLAG}`;
  return ['[Desktop Entry]', 'Type=Application', 'Name=ML Connector', `Exec=${exec}`, 'X-GNOME-Autostart-enabled=true', 'NoDisplay=false', ''].join('\n');
}

export function applyStartAtLogin(enabled: boolean, env: NodeJS.ProcessEnv = process.env): void {
  // In development the "app" is the bare electron binary: registering it would start an empty Electron.
  if (!app.isPackaged) return;
  if (process.platform === 'linux') {
    const file = linuxAutostartFile(env);
    if (enabled) {
      mkdirSync(join(file, '..'), { recursive: true });
      // An AppImage runs from a temporary mount; $APPIMAGE is the file the user actually has.
      writeFileSync(file, linuxAutostartEntry(env.APPIMAGE || process.execPath));
    } else {
      rmSync(file, { force: true });
    }
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
}

export function launchedHidden(argv: readonly string[]): boolean {
  if (argv.includes(HIDDEN_FLAG)) return true;
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}
