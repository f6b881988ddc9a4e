// The data folder holds customer data: owner-only in every mode, and an older, looser folder is
// tightened at start with a log line.
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppService } from './service/index.ts';
import { secureDataFolder } from './data-folder.ts';
import { makeTempDir } from '../test/support/tmp-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const tmp = () => {
  const t = makeTempDir();
  cleanups.push(t.cleanup);
  return t.dir;
};

const modes = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir, { withFileTypes: true, recursive: true }).map((e) => {
      const path = join(e.parentPath, e.name);
      return [path.slice(dir.length + 1), (statSync(path).mode & 0o777).toString(8)];
    }),
  );

describe.skipIf(process.platform === 'win32')('data folder permissions', () => {
  it('a new data folder is 0700 and the store, its WAL, the key and the log are 0600', async () => {
    const dir = join(tmp(), 'fresh');
    const service = createAppService({ dataDir: dir, mode: 'headless' });
    await service.impl['settings:update']({ theme: 'dark' }); // a write, so the WAL exists
    service.ctx.logger.info('a line');
    try {
      expect((statSync(dir).mode & 0o777).toString(8)).toBe('700');
      const all = modes(dir);
      expect(Object.keys(all)).toEqual(expect.arrayContaining(['ml-connector.db', 'ml-connector.db-wal', 'secret.key', 'logs', 'logs/ml-connector.log']));
      for (const [path, mode] of Object.entries(all)) expect(`${path} ${mode}`).toBe(`${path} ${path === 'logs' ? '700' : '600'}`);
    } finally {
      await service.close();
    }
  });

  it('an existing folder left readable by others is tightened at start, and the log says so', async () => {
    const dir = tmp();
    const first = createAppService({ dataDir: dir, mode: 'headless' });
    await first.close();
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'ml-connector.db'), 0o644);
    chmodSync(join(dir, 'logs'), 0o755);
    chmodSync(join(dir, 'logs', 'ml-connector.log'), 0o644);
    const again = createAppService({ dataDir: dir, mode: 'headless' });
    await again.close();
    expect(Object.values(modes(dir)).every((m) => m === '600' || m === '700')).toBe(true);
    expect((statSync(dir).mode & 0o777).toString(8)).toBe('700');
    const log = readFileSync(join(dir, 'logs', 'ml-connector.log'), 'utf8');
    expect(log).toMatch(/the data folder was readable by other users; made it owner-only/);
    expect(log).toContain(`${join(dir, 'ml-connector.db')} 644 → 600`);
  });

  it('refuses a file given as the data folder with a sentence, not EEXIST', () => {
    const file = join(tmp(), 'a-file');
    writeFileSync(file, 'x');
    expect(() => secureDataFolder(file)).toThrow(`The data folder ${file} is a file, not a folder.`);
    expect(() => createAppService({ dataDir: file, mode: 'headless' })).toThrow(/is a file, not a folder/);
    expect(() => createAppService({ dataDir: join(file, 'below'), mode: 'headless' })).toThrow();
  });

  it('keeps permissions an admin made stricter', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'notes'), 'x', { mode: 0o400 });
    expect(secureDataFolder(dir).every((line) => !line.includes('notes'))).toBe(true);
    expect(statSync(join(dir, 'notes')).mode & 0o777).toBe(0o400);
  });
});
