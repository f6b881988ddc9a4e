// Re-encrypts stored secrets when a data folder changes hands between the desktop app (safeStorage) and
// headless `serve` (key file). Every blob carries its backend's tag (vault.ts), so this is a pass over the
// secrets table: blobs of another backend that a source vault can open are re-encrypted with the target,
// in one transaction; blobs already in the target backend are left alone. A second pass finds nothing to
// do, which is what makes it "once".
//
// Directions:
// - headless → desktop: automatic at desktop start. The key file (or ML_CONNECTOR_KEY) can be read
//   anywhere, so the desktop app re-encrypts key-file blobs into the OS keychain.
// - desktop → headless: explicit. safeStorage blobs can only be opened by Electron, as the same OS user
//   on the same machine, so `serve` cannot do it. Before moving the folder, run the desktop app once with
//   `--handover-to-headless` (handoverToHeadless below): it re-encrypts into the key-file backend, writes
//   secret.key (0600) unless ML_CONNECTOR_KEY is set, and exits. Documented in docs/desktop.md.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { backendOf, type Vault, type VaultBackend } from './vault.ts';
import { createKeyFileVault, KEY_FILE_NAME, loadOrCreateKey } from './key-file.ts';

export interface StoredSecret {
  /** The row's identity in the store (e.g. `<connectionId>/<name>`). */
  readonly ref: string;
  readonly blob: Buffer;
}

/** What migration needs from the store's secrets table (ciphertext only, never plaintext). */
export interface SecretBlobStore {
  list(): Iterable<StoredSecret>;
  replace(ref: string, blob: Buffer): void;
  /** Runs fn atomically: all rows re-encrypted, or none. */
  transaction<T>(fn: () => T): T;
}

export interface MigrationReport {
  target: VaultBackend;
  reencrypted: number;
  alreadyCurrent: number;
  /** Blobs no source vault could open; they stay as they are and the UI asks for the secret again. */
  unreadable: { ref: string; backend: VaultBackend | null; reason: string }[];
}

export function migrateSecrets(store: SecretBlobStore, target: Vault, sources: readonly Vault[]): MigrationReport {
  const report: MigrationReport = { target: target.backend, reencrypted: 0, alreadyCurrent: 0, unreadable: [] };
  const rewrites: { ref: string; blob: Buffer }[] = [];
  for (const { ref, blob } of store.list()) {
    if (target.owns(blob)) {
      report.alreadyCurrent++;
      continue;
    }
    const source = sources.find((v) => v.owns(blob));
    if (!source) {
      report.unreadable.push({ ref, backend: backendOf(blob), reason: `no ${backendOf(blob) ?? 'known'} key is available here` });
      continue;
    }
    try {
      rewrites.push({ ref, blob: target.encrypt(source.decrypt(blob)) });
    } catch (e) {
      report.unreadable.push({ ref, backend: source.backend, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  // Decrypt everything first, write in one transaction: a failure half-way leaves the old blobs intact.
  if (rewrites.length) {
    store.transaction(() => {
      for (const r of rewrites) store.replace(r.ref, r.blob);
    });
  }
  report.reencrypted = rewrites.length;
  return report;
}

/** The key-file vault when a key already exists (env or file) — never creates a key just to look. */
export function existingKeyFileVault(dataDir: string, env: NodeJS.ProcessEnv = process.env): Vault | null {
  if (!env.ML_CONNECTOR_KEY && !existsSync(join(dataDir, KEY_FILE_NAME))) return null;
  return createKeyFileVault(loadOrCreateKey(dataDir, env));
}

/** Desktop start: bring key-file secrets (a folder that ran headless) into the desktop vault. */
export function adoptSecretsForDesktop(store: SecretBlobStore, desktopVault: Vault, dataDir: string, env: NodeJS.ProcessEnv = process.env): MigrationReport {
  const keyFile = desktopVault.backend === 'key-file' ? null : existingKeyFileVault(dataDir, env);
  return migrateSecrets(store, desktopVault, keyFile ? [keyFile] : []);
}

/** `--handover-to-headless`: re-encrypt OS-keychain secrets with the key file so `serve` can read them. */
export function handoverToHeadless(store: SecretBlobStore, safeStorageVault: Vault, dataDir: string, env: NodeJS.ProcessEnv = process.env): MigrationReport {
  const keyFile = createKeyFileVault(loadOrCreateKey(dataDir, env));
  return migrateSecrets(store, keyFile, [safeStorageVault]);
}
