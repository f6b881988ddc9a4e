// Desktop vault: Electron's safeStorage (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux).
// main/secrets may not import electron (only main/electron may), so the safeStorage object is handed in;
// the shape below is the subset of Electron's API we use, and Electron's own object satisfies it.
import { BLOB_TAGS, VaultError, type Vault } from './vault.ts';
import { createKeyFileVault, loadOrCreateKey } from './key-file.ts';

const TAG = BLOB_TAGS['safe-storage'];

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?(): string;
}

export function createSafeStorageVault(safeStorage: SafeStorageLike): Vault {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new VaultError('The operating system keychain is not available to encrypt secrets.', 'Unlock or install the keychain (on Linux: gnome-keyring or KWallet), then start ml-connector again.');
  }
  const owns = (blob: Buffer) => blob.length > TAG.length && blob.subarray(0, TAG.length).equals(TAG);
  return {
    backend: 'safe-storage',
    owns,
    encrypt: (plaintext) => Buffer.concat([TAG, safeStorage.encryptString(plaintext)]),
    decrypt(blob) {
      if (!owns(blob)) {
        throw new VaultError('This secret was encrypted by the headless key file, not the OS keychain.', 'Restart the desktop app: it re-encrypts key-file secrets at start when the key is available.');
      }
      try {
        return safeStorage.decryptString(blob.subarray(TAG.length));
      } catch {
        throw new VaultError(
          'A stored secret could not be decrypted by the OS keychain.',
          'The data folder was probably copied from another user or computer; enter the secret again in the connection settings.',
        );
      }
    },
  };
}

export interface DesktopVaultChoice {
  vault: Vault;
  /** Why the key file was chosen instead of the OS keychain, for the log and the settings screen. */
  fallbackReason: string | null;
}

/**
 * The desktop app prefers safeStorage. It falls back to the key file when the OS offers no keychain, and
 * on Linux when Chromium picked `basic_text`: that backend "encrypts" with a hard-coded password, which
 * is weaker than the 0600 key file, so we do not pretend it protects anything.
 */
export function chooseDesktopVault(safeStorage: SafeStorageLike, dataDir: string, env: NodeJS.ProcessEnv = process.env): DesktopVaultChoice {
  const backend = safeStorage.getSelectedStorageBackend?.();
  let fallbackReason: string | null = null;
  if (!safeStorage.isEncryptionAvailable()) fallbackReason = 'the OS keychain is not available';
  else if (backend === 'basic_text') fallbackReason = 'no Linux keyring (gnome-keyring/KWallet) was found, only a hard-coded password';
  if (fallbackReason === null) return { vault: createSafeStorageVault(safeStorage), fallbackReason };
  return { vault: createKeyFileVault(loadOrCreateKey(dataDir, env)), fallbackReason };
}
