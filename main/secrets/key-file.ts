// Headless vault: AES-256-GCM with a random 32-byte key kept in `<dataDir>/secret.key` (mode 0600),
// or taken from ML_CONNECTOR_KEY (64 hex chars or base64 of 32 bytes) so a service can keep the key
// outside the data folder.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BLOB_TAGS, VaultError, type Vault } from './vault.ts';
import { storedCiphertexts } from '../store/stored-ciphertexts.ts';

const TAG = BLOB_TAGS['key-file'];
const IV_BYTES = 12;
const AUTH_TAG_BYTES = 16;
export const KEY_FILE_NAME = 'secret.key';

export function parseKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new VaultError(
      `The encryption key from ${source} is not 32 bytes.`,
      'Use 64 hex characters or the base64 of 32 random bytes, e.g. `openssl rand -hex 32`.',
    );
  }
  return key;
}

const RESTORE_HINT =
  'Restore secret.key from your backup of the data folder (or set ML_CONNECTOR_KEY to the key the secrets were saved with). ' +
  'If the key is lost for good, run "ml-connector reset-secrets" to delete the stored secrets, then enter them again in each connection.';

/**
 * Loads the key from ML_CONNECTOR_KEY, else from the key file, creating it (0600) on first use. When the
 * store already holds secrets sealed with a key file, a missing key is never replaced by a new one and a
 * key that does not open them is refused: both would make every later run fail on "could not be decrypted".
 */
export function loadOrCreateKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const sealed = storedCiphertexts(dataDir).filter((b) => b.length > TAG.length && b.subarray(0, TAG.length).equals(TAG));
  const file = join(dataDir, KEY_FILE_NAME);
  const source = env.ML_CONNECTOR_KEY ? 'ML_CONNECTOR_KEY' : file;
  let key: Buffer;
  if (env.ML_CONNECTOR_KEY) key = parseKey(env.ML_CONNECTOR_KEY, 'ML_CONNECTOR_KEY');
  else if (existsSync(file)) key = parseKey(readFileSync(file, 'utf8'), file);
  else if (sealed.length) {
    throw new VaultError(`The data folder ${dataDir} holds ${sealed.length} encrypted secret(s), but their key file ${KEY_FILE_NAME} is missing; ml-connector will not create a new key over them.`, RESTORE_HINT);
  } else key = createKeyFile(file);
  if (sealed.length) {
    try {
      createKeyFileVault(key).decrypt(sealed[0]!);
    } catch {
      throw new VaultError(`The key from ${source} does not open the ${sealed.length} secret(s) stored in ${dataDir}: it is not the key they were saved with.`, RESTORE_HINT);
    }
  }
  return key;
}

function createKeyFile(file: string): Buffer {
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

export function createKeyFileVault(key: Buffer): Vault {
  if (key.length !== 32) throw new VaultError('The key-file vault needs a 32-byte key.', 'Delete the broken key file only if no secrets are stored yet.');
  return {
    backend: 'key-file',
    owns: (blob) => blob.length > TAG.length && blob.subarray(0, TAG.length).equals(TAG),
    encrypt(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([TAG, iv, cipher.getAuthTag(), body]);
    },
    decrypt(blob) {
      if (!this.owns(blob)) {
        throw new VaultError('This secret was encrypted by another backend (the desktop app’s OS keychain).', 'Quit the desktop app and run it once with --handover-to-headless (docs/desktop.md), or enter the secret again.');
      }
      const iv = blob.subarray(TAG.length, TAG.length + IV_BYTES);
      const authTag = blob.subarray(TAG.length + IV_BYTES, TAG.length + IV_BYTES + AUTH_TAG_BYTES);
      const body = blob.subarray(TAG.length + IV_BYTES + AUTH_TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAuthTag(authTag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        throw new VaultError(
          'A stored secret could not be decrypted with this key.',
          'The key file or ML_CONNECTOR_KEY does not match the one the secrets were saved with; restore it or enter the secrets again.',
        );
      }
    },
  };
}
