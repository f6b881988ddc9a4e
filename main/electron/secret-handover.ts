// Connects the re-encryption passes of main/secrets/migrate-secrets.ts to the store's secrets table.
// Runs on its own short-lived store connection, before the service opens the data folder, so no call
// can read a secret half-way through.
import { openStore, type Store } from '../store/index.ts';
import type { Vault } from '../secrets/vault.ts';
import { adoptSecretsForDesktop, handoverToHeadless, type MigrationReport, type SecretBlobStore } from '../secrets/migrate-secrets.ts';

/** Connection secrets are `["<connection id>","<name>"]`, the workspace's own (alerts) `{"app":"<name>"}`. */
export function secretBlobsOf(store: Store): SecretBlobStore {
  return {
    list: () => [
      ...store.secrets.all().map((s) => ({ ref: JSON.stringify([s.connectionId, s.name]), blob: s.ciphertext })),
      ...store.appSecrets.all().map((s) => ({ ref: JSON.stringify({ app: s.name }), blob: s.ciphertext })),
    ],
    replace: (ref, blob) => {
      const parsed = JSON.parse(ref) as [string, string] | { app: string };
      if (Array.isArray(parsed)) store.secrets.set(parsed[0], parsed[1], blob);
      else store.appSecrets.set(parsed.app, blob);
    },
    transaction: (fn) => store.transaction(fn),
  };
}

function withSecrets<T>(dataDir: string, fn: (blobs: SecretBlobStore) => T): T {
  const store = openStore(dataDir);
  try {
    return fn(secretBlobsOf(store));
  } finally {
    store.close();
  }
}

/** Desktop start: key-file secrets (the folder ran headless before) move into the desktop vault. */
export function adoptDataFolder(dataDir: string, vault: Vault, env: NodeJS.ProcessEnv = process.env): MigrationReport {
  return withSecrets(dataDir, (blobs) => adoptSecretsForDesktop(blobs, vault, dataDir, env));
}

/** `--handover-to-headless`: OS-keychain secrets move to the key file so `ml-connector serve` can read them. */
export function handOverDataFolder(dataDir: string, safeStorageVault: Vault, env: NodeJS.ProcessEnv = process.env): MigrationReport {
  return withSecrets(dataDir, (blobs) => handoverToHeadless(blobs, safeStorageVault, dataDir, env));
}

export function describeReport(report: MigrationReport): string {
  const parts = [`${report.reencrypted} secret(s) re-encrypted for ${report.target}`, `${report.alreadyCurrent} already there`];
  if (report.unreadable.length) parts.push(`${report.unreadable.length} unreadable (enter them again): ${report.unreadable.map((u) => u.ref).join(', ')}`);
  return parts.join('; ');
}
