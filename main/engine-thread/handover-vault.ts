// Secrets cross into the engine thread decrypted, and only when the engine asks for one: the desktop
// app's vault (Electron safeStorage) works only on Electron's main thread, and the key-file vault's key
// stays there too. The engine reads a connection's encrypted blobs from the store as always and calls
// vault.decrypt(blob) synchronously (open-connector.ts); in the engine thread that call posts the blob to
// the main thread and sleeps on a shared buffer until the main thread has written the plaintext into it
// (Atomics.wait/notify; the main thread never waits for the engine thread, so this cannot deadlock).
// A blob decrypted once is remembered for the thread's life: blobs are content, so a changed secret is
// a new blob and is asked for anew.
import { VaultError, type Vault, type VaultBackend } from '../secrets/vault.ts';

/** Header: Int32 state (0 waiting, 1 plaintext, 2 error message) and Int32 length; then the bytes. */
const HEADER_BYTES = 8;
export const SECRETS_BUFFER_BYTES = HEADER_BYTES + 256 * 1024;
const WAIT_MS = 30_000;

export function createSecretsBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(SECRETS_BUFFER_BYTES);
}

/** Main thread: answers one decrypt request with the host's real vault. */
export function answerDecrypt(vault: Vault, buffer: SharedArrayBuffer, blob: Uint8Array): void {
  const header = new Int32Array(buffer, 0, 2);
  const bytes = new Uint8Array(buffer, HEADER_BYTES);
  let state = 1;
  let text: string;
  try {
    text = vault.decrypt(Buffer.from(blob));
  } catch (e) {
    state = 2;
    text = e instanceof VaultError ? `${e.message}\n${e.hint}` : `The secret could not be decrypted: ${(e as Error).message}\nRe-enter it on the connection.`;
  }
  let encoded = Buffer.from(text, 'utf8');
  if (encoded.length > bytes.length) {
    state = 2;
    encoded = Buffer.from(`A secret of ${encoded.length} bytes is over the engine thread's ${bytes.length}-byte limit.\nStore a shorter secret.`, 'utf8');
  }
  bytes.set(encoded);
  Atomics.store(header, 1, encoded.length);
  Atomics.store(header, 0, state);
  Atomics.notify(header, 0);
}

/** Engine thread: a vault that decrypts by asking the main thread; it never encrypts. */
export function handoverVault(backend: VaultBackend, buffer: SharedArrayBuffer, ask: (blob: Uint8Array) => void): Vault {
  const header = new Int32Array(buffer, 0, 2);
  const bytes = new Uint8Array(buffer, HEADER_BYTES);
  const known = new Map<string, string>();
  return {
    backend,
    owns: () => true,
    encrypt() {
      throw new VaultError('The engine thread cannot encrypt secrets.', 'Secrets are saved by the app’s main thread; this is a defect if you see it.');
    },
    decrypt(blob) {
      const key = blob.toString('base64');
      const hit = known.get(key);
      if (hit !== undefined) return hit;
      Atomics.store(header, 0, 0);
      ask(new Uint8Array(blob));
      if (Atomics.wait(header, 0, 0, WAIT_MS) === 'timed-out') {
        throw new VaultError(`The app did not hand over a secret within ${WAIT_MS / 1000} s.`, 'Restart the app; report it if it repeats.');
      }
      const text = Buffer.from(bytes.subarray(0, Atomics.load(header, 1))).toString('utf8');
      if (Atomics.load(header, 0) === 2) {
        const [message, hint] = text.split('\n');
        throw new VaultError(message ?? text, hint ?? '');
      }
      known.set(key, text);
      return text;
    },
  };
}
