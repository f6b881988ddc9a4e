// `ml-connector backup DIR [--with-key]`: a consistent copy of the store, made with SQLite's online
// backup while serve or the desktop app may be running, plus the key file when asked for. Without the
// key the copy's secrets cannot be read (which is what makes a copy without it safe to keep elsewhere).
// `ml-connector reset-secrets`: the way out when the key is lost for good.
import { copyFileSync, existsSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, DB_FILE_NAME } from '../store/index.ts';
import { KEY_FILE_NAME } from '../secrets/key-file.ts';
import { secureDataFolder, FILE_MODE } from '../data-folder.ts';
import { ServiceError } from '../service/service-error.ts';

export interface BackupResult {
  dir: string;
  files: string[];
  /** Why the key is not in the copy, when it is not. */
  keyNote?: string;
}

export async function backupDataFolder(dataDir: string, target: string, options: { withKey: boolean; env?: NodeJS.ProcessEnv }): Promise<BackupResult> {
  const env = options.env ?? process.env;
  const dbCopy = join(target, DB_FILE_NAME);
  if (existsSync(dbCopy)) throw new ServiceError('BACKUP_EXISTS', `${target} already holds a backup (${DB_FILE_NAME}).`, 'Name an empty or new folder; backups are never overwritten.');
  mkdirSync(target, { recursive: true, mode: 0o700 });
  secureDataFolder(target);
  const store = openStore(dataDir);
  try {
    await store.backup(dbCopy);
  } finally {
    store.close();
  }
  chmodSync(dbCopy, FILE_MODE);
  const files = [dbCopy];
  let keyNote: string | undefined;
  const keyFile = join(dataDir, KEY_FILE_NAME);
  if (!options.withKey) keyNote = `The key is not in the backup: keep ${env.ML_CONNECTOR_KEY ? 'ML_CONNECTOR_KEY' : keyFile} safe separately, or add --with-key.`;
  else if (env.ML_CONNECTOR_KEY) keyNote = 'The key comes from ML_CONNECTOR_KEY, not a file: keep that value safe separately.';
  else if (existsSync(keyFile)) {
    copyFileSync(keyFile, join(target, KEY_FILE_NAME));
    chmodSync(join(target, KEY_FILE_NAME), FILE_MODE);
    files.push(join(target, KEY_FILE_NAME));
  } else keyNote = 'This data folder has no key file (the desktop app keeps secrets in the OS keychain): re-enter the secrets after a restore on another machine.';
  return { dir: target, files, ...(keyNote && { keyNote }) };
}

export function resetSecrets(dataDir: string): { removed: number } {
  const store = openStore(dataDir);
  try {
    return { removed: store.transaction(() => store.secrets.removeAll() + store.appSecrets.removeAll()) };
  } finally {
    store.close();
  }
}
