// The command line refuses what it cannot do with its own sentence and changes nothing: a mistyped
// --data-dir is not turned into a new workspace, ports are checked, unknown audit events are named.
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../electron/service-fixture.ts';

const CLI = join(import.meta.dirname, '..', '..', 'scripts', 'ml-connector.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ML_CONNECTOR_DATA_DIR: '' }, timeout: 60_000 });

describe('strict CLI', () => {
  const tmp = tempDir('mlc-strict-cli-');
  afterAll(() => tmp.remove());

  it.each(['status', 'sync', 'export', 'audit'])('%s on a --data-dir that does not exist fails and creates nothing', (command) => {
    const missing = join(tmp.dir, `nope-${command}`);
    const r = run('--data-dir', missing, command);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`There is no workspace at ${missing}: the folder does not exist.`);
    expect(r.stderr).toContain('ml-connector import <file>');
    expect(r.stdout).toBe('');
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a folder that is not a workspace, and a file given as --data-dir', () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, 'x');
    expect(run('--data-dir', file, 'status').stderr).toContain(`--data-dir ${file} is a file, not a folder.`);
    const r = run('--data-dir', tmp.dir, 'status');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not an ml-connector workspace (it has no ml-connector.db)');
    expect(existsSync(join(tmp.dir, 'secret.key'))).toBe(false);
  });

  it('a refused import into a folder that did not exist leaves nothing there', () => {
    const ws = join(tmp.dir, 'ws-refused-import');
    const file = join(tmp.dir, 'no-token-workspace.json');
    writeFileSync(file, JSON.stringify({ version: 1, connections: [{ name: 'HubSpot', system: 'hubspot', settings: {} }], flows: [] }));
    const r = run('--data-dir', ws, 'import', file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('connections[0] "HubSpot": Private app access token is required.');
    expect(existsSync(ws)).toBe(false);
  });

  it('checks --port with its own sentence', () => {
    const r = run('--data-dir', join(tmp.dir, 'ws'), 'serve', '--port', '99999');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--port must be a whole number from 0 to 65535 (0 picks a free port), got "99999".');
  });

  it('says which port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = run('--data-dir', join(tmp.dir, 'ws-port'), 'serve', '--port', String(port));
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use by another program. Choose another with --port, or --port 0 for a free one.`);
      expect(r.stderr).not.toContain('EADDRINUSE');
    } finally {
      blocker.close();
    }
  });

  it('names an audit event that does not exist', () => {
    // `import` may create a workspace: an empty one is enough here.
    const ws = join(tmp.dir, 'ws-replay');
    const file = join(tmp.dir, 'empty-workspace.json');
    writeFileSync(file, JSON.stringify({ version: 1, connections: [], flows: [] }));
    const imported = run('--data-dir', ws, 'import', file);
    expect(imported.status, imported.stderr).toBe(0);
    const r = run('--data-dir', ws, 'replay', '999999');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Audit event 999999 does not exist.');
    // What replay sends is a choice: stored payload, re-read from the source, or by cause.
    const help = run('replay', '--help');
    expect(help.stdout).toMatch(/--send <what>\s+stored: resend the stored payload/);
    expect(help.stdout).toContain('choices: "auto", "stored", "reread"');
    const wrong = run('--data-dir', ws, 'replay', '1', '--send', 'sideways');
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain("option '--send <what>' argument 'sideways' is invalid. Allowed choices are auto, stored, reread.");
  });
});
