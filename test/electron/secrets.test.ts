// Moving a data folder between headless `serve` (key file) and the desktop app (Electron safeStorage,
// faked here) re-encrypts its secrets once, on a real SQLite store, and leaves no plaintext on disk.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.ts'));
const { safeStorage } = await import('electron');
const { resetFakeElectron } = await import('./fake-electron.ts');
const { chooseDesktopVault } = await import('../../main/secrets/safe-storage.ts');
const { createKeyFileVault, loadOrCreateKey } = await import('../../main/secrets/key-file.ts');
const { backendOf, VaultError } = await import('../../main/secrets/vault.ts');
const { openStore } = await import('../../main/store/index.ts');
const { adoptDataFolder, handOverDataFolder } = await import('../../main/electron/secret-handover.ts');
const { tempDir } = await import('./service-fixture.ts');

const PLAIN = { apiKey: 'pat-na1-7f3c9b2e-SECRET-plaintext', password: 'Sage300-Passw0rd!-plaintext' };

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

function seedHeadless(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const vault = createKeyFileVault(loadOrCreateKey(dataDir, env));
  const store = openStore(dataDir);
  const now = new Date().toISOString();
  store.connections.insert({ id: 'c1', system: 'hubspot', name: 'HubSpot', settings: {}, tls: {}, createdAt: now, updatedAt: now });
  for (const [name, value] of Object.entries(PLAIN)) store.secrets.set('c1', name, vault.encrypt(value));
  store.close();
  return vault;
}

function blobs(dataDir: string) {
  const store = openStore(dataDir);
  try {
    return store.secrets.all();
  } finally {
    store.close();
  }
}

describe('secrets across desktop and headless', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    resetFakeElectron();
    tmp = tempDir();
  });
  afterEach(() => tmp.remove());

  it('headless → desktop: key-file secrets move into safeStorage once, with no plaintext left in any file', () => {
    const keyFile = seedHeadless(tmp.dir);
    const { vault } = chooseDesktopVault(safeStorage, tmp.dir, {});
    expect(vault.backend).toBe('safe-storage');

    expect(adoptDataFolder(tmp.dir, vault, {})).toMatchObject({ target: 'safe-storage', reencrypted: 2, alreadyCurrent: 0, unreadable: [] });
    expect(adoptDataFolder(tmp.dir, vault, {})).toMatchObject({ reencrypted: 0, alreadyCurrent: 2 });

    const rows = blobs(tmp.dir);
    expect(rows.map((r) => backendOf(r.ciphertext))).toEqual(['safe-storage', 'safe-storage']);
    expect(Object.fromEntries(rows.map((r) => [r.name, vault.decrypt(r.ciphertext)]))).toEqual(PLAIN);
    // Headless can no longer read them, and says what to do.
    expect(() => keyFile.decrypt(rows[0]!.ciphertext)).toThrow(VaultError);

    for (const file of allFiles(tmp.dir)) {
      const bytes = readFileSync(file);
      for (const secret of Object.values(PLAIN)) expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);
    }
  });

  it('desktop → headless: the handover re-encrypts with the key file so serve can read them', () => {
    seedHeadless(tmp.dir);
    const { vault } = chooseDesktopVault(safeStorage, tmp.dir, {});
    adoptDataFolder(tmp.dir, vault, {});

    expect(handOverDataFolder(tmp.dir, vault, {})).toMatchObject({ target: 'key-file', reencrypted: 2, unreadable: [] });
    expect(handOverDataFolder(tmp.dir, vault, {})).toMatchObject({ reencrypted: 0, alreadyCurrent: 2 });
    const keyFile = createKeyFileVault(loadOrCreateKey(tmp.dir, {}));
    const rows = blobs(tmp.dir);
    expect(rows.map((r) => backendOf(r.ciphertext))).toEqual(['key-file', 'key-file']);
    expect(Object.fromEntries(rows.map((r) => [r.name, keyFile.decrypt(r.ciphertext)]))).toEqual(PLAIN);
  });

  it('uses ML_CONNECTOR_KEY for the handover when the service keeps its key outside the folder', () => {
    const env = { ML_CONNECTOR_KEY: randomBytes(32).toString('hex') };
    seedHeadless(tmp.dir, env);
    const { vault } = chooseDesktopVault(safeStorage, tmp.dir, env);
    expect(adoptDataFolder(tmp.dir, vault, env).reencrypted).toBe(2);
    handOverDataFolder(tmp.dir, vault, env);
    expect(existsSync(join(tmp.dir, 'secret.key'))).toBe(false);
    const rows = blobs(tmp.dir);
    expect(createKeyFileVault(loadOrCreateKey(tmp.dir, env)).decrypt(rows[0]!.ciphertext)).toBe(Object.values(PLAIN)[rows[0]!.name === 'apiKey' ? 0 : 1]);
  });

  it('a headless folder whose key is gone stays as it is and is reported', () => {
    seedHeadless(tmp.dir, { ML_CONNECTOR_KEY: randomBytes(32).toString('hex') });
    const { vault } = chooseDesktopVault(safeStorage, tmp.dir, {});
    const report = adoptDataFolder(tmp.dir, vault, {});
    expect(report.reencrypted).toBe(0);
    expect(report.unreadable.map((u) => u.backend)).toEqual(['key-file', 'key-file']);
    expect(blobs(tmp.dir).map((r) => backendOf(r.ciphertext))).toEqual(['key-file', 'key-file']);
  });

  it('the alerts’ SMTP password and webhook URL travel both ways with the connection secrets', async () => {
    seedHeadless(tmp.dir);
    const { readAlertSecret, writeAlertSecret } = await import('../../main/service/alert-delivery/alert-secrets.ts');
    const alertSecrets = { smtpPassword: 'smtp-Passw0rd-plaintext', webhookUrl: 'https://hooks.example.invalid/services/T0/B0/webhook-token-plaintext' };
    const withStore = <T>(fn: (store: ReturnType<typeof openStore>) => T) => {
      const store = openStore(tmp.dir);
      try {
        return fn(store);
      } finally {
        store.close();
      }
    };
    const keyFile = createKeyFileVault(loadOrCreateKey(tmp.dir, {}));
    withStore((store) => {
      writeAlertSecret({ store, vault: keyFile }, 'smtpPassword', alertSecrets.smtpPassword);
      writeAlertSecret({ store, vault: keyFile }, 'webhookUrl', alertSecrets.webhookUrl);
    });
    const { vault } = chooseDesktopVault(safeStorage, tmp.dir, {});
    expect(adoptDataFolder(tmp.dir, vault, {})).toMatchObject({ target: 'safe-storage', reencrypted: 4, unreadable: [] });
    withStore((store) => {
      expect(store.appSecrets.all().map((r) => backendOf(r.ciphertext))).toEqual(['safe-storage', 'safe-storage']);
      expect(readAlertSecret({ store, vault }, 'smtpPassword')).toBe(alertSecrets.smtpPassword);
    });
    for (const file of allFiles(tmp.dir)) for (const secret of Object.values(alertSecrets)) expect(readFileSync(file).includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);

    expect(handOverDataFolder(tmp.dir, vault, {})).toMatchObject({ target: 'key-file', reencrypted: 4, unreadable: [] });
    withStore((store) => {
      expect(readAlertSecret({ store, vault: keyFile }, 'smtpPassword')).toBe(alertSecrets.smtpPassword);
      expect(readAlertSecret({ store, vault: keyFile }, 'webhookUrl')).toBe(alertSecrets.webhookUrl);
    });
  });
});
