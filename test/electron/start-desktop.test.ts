// `npm start` on a machine without the Electron binary: one sentence naming the headless command, exit
// code 1, no stack trace. ML_CONNECTOR_ELECTRON_DIR points the launcher at a stand-in electron package so
// the test never downloads anything, even on a machine with network.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './service-fixture.ts';

const root = join(import.meta.dirname, '..', '..');

function start(electronDir: string) {
  return spawnSync(process.execPath, [join(root, 'scripts', 'start-desktop.mjs')], {
    cwd: root,
    env: { ...process.env, ML_CONNECTOR_ELECTRON_DIR: electronDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function expectOneClearSentence(r: ReturnType<typeof start>) {
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^The Electron binary is not installed on this machine.*`npx ml-connector serve`.*\.$/);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
}

describe('npm start without the Electron binary', () => {
  const tmp = tempDir('mlc-start-');
  afterAll(() => tmp.remove());

  it('says so in one sentence when electron is not installed at all', () => {
    expectOneClearSentence(start(join(tmp.dir, 'no-such-electron')));
  });

  it('says so in one sentence when the lazy binary download fails', () => {
    const dir = join(tmp.dir, 'electron');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
    // What electron's install.js does offline: a stack trace on stderr and exit 1.
    writeFileSync(join(dir, 'install.js'), "console.error(new TypeError('fetch failed').stack); process.exit(1);\n");
    expectOneClearSentence(start(dir));
  });
});
