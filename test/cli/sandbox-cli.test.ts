// `ml-connector sandbox <system>` with the kit's common flags: --tls prints fingerprint256 and ca (and a
// client trusting that PEM gets through), --switch reaches the sandbox, --help lists switches, and bad
// switches and unusable --seed files are refused with a sentence that names them.
import { spawn, spawnSync } from 'node:child_process';
import { request } from 'node:https';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '..', '..', 'scripts', 'ml-connector.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });

function httpsGet(url: string, ca: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('ml-connector sandbox', () => {
  it('--tls --switch: the line has url, admin, fingerprint256 and ca, and the switch is in force', async () => {
    const child = spawn(process.execPath, [CLI, 'sandbox', 'sage300', '--tls', '--records', '3', '--random-seed', '5', '--time-scale', '10', '--switch', 'pageSize=2', '--switch', 'v3Annotations=true'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    try {
      const first = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
      });
      const line = JSON.parse(first) as { url: string; admin: string; fingerprint256: string; ca: string; user: string; password: string; timeScale: number };
      expect(line.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/Sage300WebApi\/v1\.0\/-\/SAMINC$/);
      expect(line.admin).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/__sandbox$/);
      expect(line.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(line.ca).toContain('-----BEGIN CERTIFICATE-----');
      expect(line.timeScale).toBe(10);
      const auth = { authorization: `Basic ${Buffer.from(`${line.user}:${line.password}`).toString('base64')}`, 'content-type': 'application/json' };
      const page = await httpsGet(`${line.url}/AR/ARCustomers`, line.ca, auth);
      expect(page.status).toBe(200);
      const json = JSON.parse(page.body) as { value: unknown[]; 'odata.nextLink'?: string };
      expect(json.value).toHaveLength(2);
      expect(json['odata.nextLink']).toBeDefined();
      const switches = JSON.parse((await httpsGet(`${line.admin}/switches`, line.ca, {})).body) as Record<string, unknown>;
      expect(switches).toMatchObject({ pageSize: 2, v3Annotations: true });
      // Stopped, it says what it stops (a sandbox has no sync page in flight).
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toBe('ml-connector: SIGTERM, stopping the sage300 sandbox…\n');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('--help lists the sandbox switches with defaults and descriptions', () => {
    const r = run('sandbox', 'sage300', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--switch <name=value>');
    expect(r.stdout).toMatch(/passwordCase \[exact\]\s+exact: passwords compared as sent/);
    expect(r.stdout).toContain('dayend, dropresponse');
  });

  it('refuses an unknown switch, naming the known ones', () => {
    const r = run('sandbox', 'sage300', '--switch', 'pagesize=5');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('Unknown sage300 sandbox switch: pagesize. Known: passwordCase');
  });

  it('names a --seed file it cannot use, and why', () => {
    const missing = run('sandbox', 'hubspot', '--seed', '/nonexistent/seed.json');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('ml-connector: --seed /nonexistent/seed.json: cannot read it (ENOENT). Name a JSON file of seed records.');
    const notJson = run('sandbox', 'sage300', '--seed', CLI);
    expect(notJson.status).toBe(1);
    expect(notJson.stderr).toContain(`ml-connector: --seed ${CLI}: not JSON (`);
    // A sandbox that generates its data refuses the file instead of ignoring it.
    const notTaken = run('sandbox', 'intacct', '--seed', CLI);
    expect(notTaken.status).toBe(1);
    expect(notTaken.stderr).toContain(`ml-connector: --seed ${CLI}: the intacct sandbox loads no seed file; it generates its data (--records N).`);
  });
});
