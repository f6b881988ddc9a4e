// A deleted or wrong key is never papered over: with secrets in the store the service refuses to start
// and says how to restore the key (or reset the secrets); `backup` makes a copy that can be restored.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createAppService } from '../service/index.ts';
import { decryptSecrets } from '../engine/open-connector.ts';
import { backupDataFolder, resetSecrets } from '../cli/backup.ts';
import { KEY_FILE_NAME } from './key-file.ts';
import { makeTempDir } from '../../test/support/tmp-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const tmp = () => {
  const t = makeTempDir();
  cleanups.push(t.cleanup);
  return t.dir;
};

async function workspaceWithSecret(dir: string, env: NodeJS.ProcessEnv = {}) {
  const saved = process.env.ML_CONNECTOR_KEY;
  if (env.ML_CONNECTOR_KEY) process.env.ML_CONNECTOR_KEY = env.ML_CONNECTOR_KEY;
  try {
    const service = createAppService({ dataDir: dir, mode: 'headless' });
    const c = await service.impl['connections:create']({ system: 'hubspot', name: 'CRM', settings: { baseUrl: 'http://127.0.0.1:9' }, secrets: { accessToken: 'pat-keep-me' } });
    await service.close();
    return c.id;
  } finally {
    if (saved === undefined) delete process.env.ML_CONNECTOR_KEY;
    else process.env.ML_CONNECTOR_KEY = saved;
  }
}

describe('a lost or wrong key', () => {
  it('refuses to start when the key file is gone and secrets are stored, and mints no new key', async () => {
    const dir = tmp();
    await workspaceWithSecret(dir);
    rmSync(join(dir, KEY_FILE_NAME));
    let error: (Error & { hint?: string }) | undefined;
    try {
      createAppService({ dataDir: dir, mode: 'headless' });
    } catch (e) {
      error = e as Error & { hint?: string };
    }
    expect(error?.message).toBe(`The data folder ${dir} holds 1 encrypted secret(s), but their key file secret.key is missing; ml-connector will not create a new key over them.`);
    expect(error?.hint).toMatch(/Restore secret\.key from your backup.*ml-connector reset-secrets/);
    expect(existsSync(join(dir, KEY_FILE_NAME))).toBe(false);
  });

  it('refuses a key that does not open the stored secrets', async () => {
    const dir = tmp();
    await workspaceWithSecret(dir);
    const saved = process.env.ML_CONNECTOR_KEY;
    process.env.ML_CONNECTOR_KEY = 'b'.repeat(64);
    try {
      expect(() => createAppService({ dataDir: dir, mode: 'headless' })).toThrow(/The key from ML_CONNECTOR_KEY does not open the 1 secret\(s\) stored in/);
    } finally {
      if (saved === undefined) delete process.env.ML_CONNECTOR_KEY;
      else process.env.ML_CONNECTOR_KEY = saved;
    }
  });

  it('after reset-secrets it starts again with a new key; connections stay and ask for their secrets', async () => {
    const dir = tmp();
    const id = await workspaceWithSecret(dir);
    rmSync(join(dir, KEY_FILE_NAME));
    expect(resetSecrets(dir)).toEqual({ removed: 1 });
    const service = createAppService({ dataDir: dir, mode: 'headless' });
    try {
      expect((await service.impl['connections:list'](undefined)).map((c) => [c.id, c.secretsSet])).toEqual([[id, []]]);
    } finally {
      await service.close();
    }
  });

  it('backup copies the store (and the key with --with-key) into a new owner-only folder that restores', async () => {
    const dir = tmp();
    const id = await workspaceWithSecret(dir);
    const live = createAppService({ dataDir: dir, mode: 'headless' }); // backed up while in use
    const target = join(tmp(), 'backup');
    try {
      const r = await backupDataFolder(dir, target, { withKey: true, env: {} });
      expect(r.files).toEqual([join(target, 'ml-connector.db'), join(target, KEY_FILE_NAME)]);
      await expect(backupDataFolder(dir, target, { withKey: false, env: {} })).rejects.toThrow(/already holds a backup/);
      expect((await backupDataFolder(dir, join(target, '..', 'no-key'), { withKey: false, env: {} })).keyNote).toMatch(/The key is not in the backup/);
    } finally {
      await live.close();
    }
    if (process.platform !== 'win32') {
      expect(statSync(target).mode & 0o777).toBe(0o700);
      for (const f of ['ml-connector.db', KEY_FILE_NAME]) expect(statSync(join(target, f)).mode & 0o777).toBe(0o600);
    }
    const restored = createAppService({ dataDir: target, mode: 'headless' });
    try {
      expect(decryptSecrets(restored.ctx, id)).toEqual({ accessToken: 'pat-keep-me' });
    } finally {
      await restored.close();
    }
  });
});
