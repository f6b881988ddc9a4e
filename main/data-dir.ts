// The default data folder is the same one Electron uses as userData for this app, so the desktop app
// and `ml-connector serve` find the same store (Linux ~/.config/ml-connector, Windows %APPDATA%,
// macOS ~/Library/Application Support). ML_CONNECTOR_DATA_DIR or --data-dir override it.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_FOLDER = 'ml-connector';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ML_CONNECTOR_DATA_DIR) return resolve(env.ML_CONNECTOR_DATA_DIR);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER);
}
