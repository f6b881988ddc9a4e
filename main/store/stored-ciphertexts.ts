// The stored secret blobs of a data folder, read without opening (or creating, or migrating) the store:
// the vault checks its key against them before anything starts (main/secrets/key-file.ts).
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE_NAME } from './index.ts';

export function storedCiphertexts(dataDir: string): Buffer[] {
  const file = join(dataDir, DB_FILE_NAME);
  if (!existsSync(file)) return [];
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    const connections = db.prepare<[], { ciphertext: Buffer }>('SELECT ciphertext FROM secrets').all();
    // The workspace's own secrets (alerts), in a table of their own since migration 0017.
    const own = db.prepare<[], { n: number }>("SELECT COUNT(*) n FROM sqlite_master WHERE type = 'table' AND name = 'app_secrets'").get()?.n
      ? db.prepare<[], { ciphertext: Buffer }>('SELECT ciphertext FROM app_secrets').all()
      : [];
    return [...connections, ...own].map((r) => r.ciphertext);
  } catch {
    return []; // an empty or brand-new file has no secrets table yet
  } finally {
    db?.close();
  }
}
