// The re-encryption pass on its own: an in-memory secrets table is enough to pin its rules (what it
// rewrites, what it leaves, all-or-nothing). The cross-mode test on a real data folder, with Electron's
// safeStorage faked, is test/electron/secrets.test.ts.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyFileVault } from './key-file.ts';
import { migrateSecrets, type SecretBlobStore } from './migrate-secrets.ts';
import { createSafeStorageVault, chooseDesktopVault, type SafeStorageLike } from './safe-storage.ts';
import { BLOB_TAGS, VaultError, backendOf } from './vault.ts';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A stand-in OS keychain: reversible, not plaintext. */
function keychain(overrides: Partial<SafeStorageLike> = {}): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x33)),
    decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x33)).toString('utf8'),
    ...overrides,
  };
}

function memoryStore(entries: Record<string, Buffer>, failOnWrite?: string): SecretBlobStore & { rows: Map<string, Buffer> } {
  const rows = new Map(Object.entries(entries));
  return {
    rows,
    list: () => [...rows].map(([ref, blob]) => ({ ref, blob })),
    replace(ref, blob) {
      if (ref === failOnWrite) throw new Error('disk full');
      rows.set(ref, blob);
    },
    transaction(fn) {
      const before = new Map(rows);
      try {
        return fn();
      } catch (e) {
        rows.clear();
        for (const [k, v] of before) rows.set(k, v);
        throw e;
      }
    },
  };
}

describe('migrateSecrets', () => {
  const keyFile = createKeyFileVault(randomBytes(32));
  const desktop = createSafeStorageVault(keychain());

  it('re-encrypts blobs of the other backend once and leaves current ones alone', () => {
    const store = memoryStore({ a: keyFile.encrypt('alpha'), b: keyFile.encrypt('beta'), c: desktop.encrypt('gamma') });
    const first = migrateSecrets(store, desktop, [keyFile]);
    expect(first).toMatchObject({ target: 'safe-storage', reencrypted: 2, alreadyCurrent: 1, unreadable: [] });
    expect([...store.rows.values()].map(backendOf)).toEqual(['safe-storage', 'safe-storage', 'safe-storage']);
    expect(desktop.decrypt(store.rows.get('a')!)).toBe('alpha');
    const second = migrateSecrets(store, desktop, [keyFile]);
    expect(second).toMatchObject({ reencrypted: 0, alreadyCurrent: 3 });
  });

  it('reports blobs no available key can open and keeps them byte for byte', () => {
    const foreign = createKeyFileVault(randomBytes(32)).encrypt('from another key file');
    const store = memoryStore({ x: keyFile.encrypt('ours'), y: foreign });
    const report = migrateSecrets(store, desktop, [keyFile]);
    expect(report.reencrypted).toBe(1);
    expect(report.unreadable).toEqual([{ ref: 'y', backend: 'key-file', reason: expect.stringContaining('could not be decrypted') }]);
    expect(store.rows.get('y')).toEqual(foreign);
    // Without any key-file key (headless → desktop with the key gone) nothing is touched.
    const keyless = memoryStore({ z: keyFile.encrypt('stays') });
    expect(migrateSecrets(keyless, desktop, []).unreadable).toEqual([{ ref: 'z', backend: 'key-file', reason: 'no key-file key is available here' }]);
  });

  it('writes all rows or none', () => {
    const original = { a: keyFile.encrypt('alpha'), b: keyFile.encrypt('beta') };
    const store = memoryStore(original, 'b');
    expect(() => migrateSecrets(store, desktop, [keyFile])).toThrow('disk full');
    expect(store.rows.get('a')).toEqual(original.a);
    expect(backendOf(store.rows.get('a')!)).toBe('key-file');
  });
});

describe('safeStorage vault', () => {
  it('tags its blobs and refuses key-file blobs with a hint', () => {
    const blob = createSafeStorageVault(keychain()).encrypt('s3cret');
    expect(blob.subarray(0, 4)).toEqual(BLOB_TAGS['safe-storage']);
    expect(blob.includes(Buffer.from('s3cret'))).toBe(false);
    const keyFileBlob = createKeyFileVault(randomBytes(32)).encrypt('x');
    expect(() => createSafeStorageVault(keychain()).decrypt(keyFileBlob)).toThrow(/key file/);
  });

  it('turns a keychain failure into a VaultError that says what to do', () => {
    const vault = createSafeStorageVault(keychain({ decryptString: () => { throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'); } }));
    const error = (() => {
      try {
        vault.decrypt(Buffer.concat([BLOB_TAGS['safe-storage'], Buffer.from('zz')]));
      } catch (e) {
        return e as VaultError;
      }
    })();
    expect(error).toBeInstanceOf(VaultError);
    expect(error?.hint).toMatch(/enter the secret again/);
  });

  it('falls back to the key file when there is no real keychain', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-vault-'));
    try {
      expect(chooseDesktopVault(keychain(), dir, {}).vault.backend).toBe('safe-storage');
      const basic = chooseDesktopVault(keychain({ getSelectedStorageBackend: () => 'basic_text' }), dir, {});
      expect(basic.vault.backend).toBe('key-file');
      expect(basic.fallbackReason).toMatch(/keyring/);
      expect(existsSync(join(dir, 'secret.key'))).toBe(true);
      expect(chooseDesktopVault(keychain({ isEncryptionAvailable: () => false }), dir, {}).fallbackReason).toMatch(/not available/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
