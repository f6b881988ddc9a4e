// The audit's reproduction steps from the outside, through the real CLI: an unknown audit status is an
// error (not `[]`), a file as the data folder is named as such (not EEXIST), `backup` copies a workspace.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/tmp-dir.ts';

const CLI = join(import.meta.dirname, '..', '..', 'scripts', 'ml-connector.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ML_CONNECTOR_DATA_DIR: '', ML_CONNECTOR_KEY: '' }, timeout: 60_000 });

describe('CLI refusals and backup', () => {
  const tmp = makeTempDir('mlc-integrity-cli-');
  afterAll(() => tmp.cleanup());
  const ws = join(tmp.dir, 'ws');

  it('creates a workspace by importing an empty file', () => {
    const file = join(tmp.dir, 'empty.json');
    writeFileSync(file, JSON.stringify({ version: 1, connections: [], flows: [] }));
    const r = run('--data-dir', ws, 'import', file);
    expect(r.status, r.stderr).toBe(0);
  });

  it('audit --status bogus is an error that lists the outcomes', () => {
    const r = run('--data-dir', ws, 'audit', '--status', 'bogus');
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/argument 'bogus' is invalid\. Allowed choices are created, updated, unchanged, skipped, failed/);
  });

  it('serve with a file as --data-dir says so instead of EEXIST', () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, 'x');
    const r = run('--data-dir', file, 'serve', '--port', '0');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`The data folder ${file} is a file, not a folder.`);
    expect(r.stderr).not.toContain('EEXIST');
  });

  it('backup DIR copies the store; --with-key adds the key', () => {
    const plain = run('--data-dir', ws, 'backup', join(tmp.dir, 'b1'));
    expect(plain.status, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ files: [join(tmp.dir, 'b1', 'ml-connector.db')] });
    expect(plain.stderr).toContain('The key is not in the backup');
    const withKey = run('--data-dir', ws, 'backup', join(tmp.dir, 'b2'), '--with-key');
    expect(withKey.status, withKey.stderr).toBe(0);
    expect(existsSync(join(tmp.dir, 'b2', 'secret.key'))).toBe(true);
  });
});
