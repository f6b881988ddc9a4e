import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createKeyFileVault, loadOrCreateKey, KEY_FILE_NAME, parseKey } from './key-file.ts';
import { openStore } from '../store/index.ts';
import { makeTempDir } from '../../test/support/tmp-dir.ts';
import { VaultError } from './vault.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('key-file vault', () => {
  it('creates a 0600 key file and round-trips secrets', () => {
    const { dir, cleanup } = makeTempDir();
    cleanups.push(cleanup);
    const key = loadOrCreateKey(dir, {});
    expect(statSync(join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKey(dir, {}).equals(key)).toBe(true);
    const vault = createKeyFileVault(key);
    const blob = vault.encrypt('pat-na1-1234-secret');
    expect(vault.decrypt(blob)).toBe('pat-na1-1234-secret');
    expect(vault.encrypt('same').equals(vault.encrypt('same'))).toBe(false);
  });

  it('takes the key from ML_CONNECTOR_KEY and refuses a wrong key with a hint', () => {
    const hex = 'a'.repeat(64);
    const vault = createKeyFileVault(loadOrCreateKey('/nonexistent', { ML_CONNECTOR_KEY: hex }));
    const blob = vault.encrypt('x');
    const other = createKeyFileVault(parseKey('b'.repeat(64), 'test'));
    expect(() => other.decrypt(blob)).toThrow(VaultError);
    expect(() => parseKey('short', 'ML_CONNECTOR_KEY')).toThrow(/not 32 bytes/);
  });

  it('leaves no plaintext secret in any file of the data folder', () => {
    const { dir, cleanup } = makeTempDir();
    cleanups.push(cleanup);
    const vault = createKeyFileVault(loadOrCreateKey(dir, {}));
    const store = openStore(dir);
    const secrets = ['pat-na1-0f1e2d3c-SECRET-TOKEN', 'Sage300-P@ssw0rd!', 'ünïcødé-sëcrët'];
    store.connections.insert({ id: 'c1', system: 'hubspot', name: 'HubSpot', settings: {}, tls: {}, createdAt: 'x', updatedAt: 'x' });
    secrets.forEach((s, i) => store.secrets.set('c1', `s${i}`, vault.encrypt(s)));
    store.close();
    for (const file of filesUnder(dir)) {
      const bytes = readFileSync(file);
      for (const s of secrets) {
        expect(bytes.includes(Buffer.from(s, 'utf8')), `${s} found in ${file}`).toBe(false);
        expect(bytes.includes(Buffer.from(s, 'utf16le')), `${s} (utf16) found in ${file}`).toBe(false);
      }
    }
  });
});
