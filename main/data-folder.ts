// The data folder holds the customer data the store keeps, the logs and (headless) the key: only its
// owner may read it. It is created 0700 with 0600 files in every mode (serve, demo, CLI, desktop), and
// a folder made looser before (older versions, a copy, an umask) is tightened at start and logged.
// Windows keeps permissions in ACLs that Node's chmod does not manage: there the profile folder's own
// ACL (owner only, under %APPDATA%) is what protects it.
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const FOLDER_MODE = 0o700;
export const FILE_MODE = 0o600;

export class DataFolderError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'DataFolderError';
  }
}

const tighten = (path: string, mode: number, changed: string[]) => {
  const current = statSync(path).mode & 0o777;
  if ((current & ~mode) === 0) return;
  chmodSync(path, current & mode);
  changed.push(`${path} ${current.toString(8)} → ${(current & mode).toString(8)}`);
};

function tightenTree(dir: string, changed: string[]) {
  tighten(dir, FOLDER_MODE, changed);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) tightenTree(path, changed);
    else if (entry.isFile()) tighten(path, FILE_MODE, changed);
  }
}

/**
 * Creates the data folder (0700) or tightens an existing one and everything in it; returns what it
 * changed, for the log. Refuses a path that is a file with a sentence instead of Node's EEXIST.
 */
export function secureDataFolder(dir: string, platform: NodeJS.Platform = process.platform): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
    isDir = true;
  }
  if (!isDir) throw new DataFolderError(`The data folder ${dir} is a file, not a folder.`, 'Name a folder with --data-dir (or ML_CONNECTOR_DATA_DIR); it is created when missing.');
  if (platform === 'win32') return [];
  const changed: string[] = [];
  tightenTree(dir, changed);
  return changed;
}
