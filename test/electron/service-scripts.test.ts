// The headless service scripts: the systemd unit renders without placeholders and passes
// `systemd-analyze verify` (where available), the WinSW configuration is well-formed XML with what the
// service needs, and `ml-connector serve` run the way both start it (environment only, fixed port,
// fixed token) answers the health endpoint and stops cleanly on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './service-fixture.ts';

const root = join(import.meta.dirname, '..', '..');

describe('service scripts', () => {
  const tmp = tempDir('mlc-service-');
  afterAll(() => tmp.remove());

  it('renders a systemd unit that systemd accepts', () => {
    const r = spawnSync('bash', [join(root, 'scripts/service/install-systemd.sh'), '--dry-run', '--port', '9123', '--data-dir', '/srv/mlc-data', '--node', process.execPath], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const unit = r.stdout.split('\n').filter((l) => !l.startsWith('# would')).join('\n');
    expect(unit).not.toMatch(/@[A-Z_]+@/);
    expect(unit).toContain(`ExecStart=${process.execPath} ${root}/scripts/ml-connector.mjs serve --port 9123`);
    expect(unit).toContain('Environment=ML_CONNECTOR_DATA_DIR=/srv/mlc-data');
    expect(unit).toContain('EnvironmentFile=/etc/ml-connector/ml-connector.env');
    expect(unit).toMatch(/^ReadWritePaths=\/srv\/mlc-data$/m);
    expect(unit).toMatch(/^NoNewPrivileges=true$/m);
    const file = join(tmp.dir, 'ml-connector.service');
    writeFileSync(file, unit);
    const systemdAnalyze = spawnSync('systemd-analyze', ['--version']);
    if (systemdAnalyze.status === 0) {
      const verify = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      expect(verify.status, verify.stderr).toBe(0);
    }
  });

  it('refuses bad options with a clear message', () => {
    const r = spawnSync('bash', [join(root, 'scripts/service/install-systemd.sh'), '--dry-run', '--port', 'http'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe("install-systemd: --port must be 1-65535, got 'http'");
    const spaced = spawnSync('bash', [join(root, 'scripts/service/install-systemd.sh'), '--dry-run', '--data-dir', '/srv/my data', '--node', process.execPath], { encoding: 'utf8' });
    expect(spaced.status).toBe(1);
    expect(spaced.stderr).toMatch(/paths with spaces/);
  });

  it('has a well-formed WinSW configuration for the Windows service', () => {
    const template = readFileSync(join(root, 'scripts/service/windows/ml-connector-service.xml'), 'utf8');
    const xml = template
      .replaceAll('@NODE@', 'C:\\Program Files\\nodejs\\node.exe')
      .replaceAll('@APP_DIR@', 'C:\\ml-connector')
      .replaceAll('@DATA_DIR@', 'C:\\ProgramData\\ml-connector')
      .replaceAll('@PORT@', '8731')
      .replaceAll('@TOKEN@', 'tok');
    expect(XMLValidator.validate(xml)).toBe(true);
    const service = new XMLParser({ ignoreAttributes: false }).parse(xml).service;
    expect(service.id).toBe('ml-connector');
    expect(service.arguments).toBe('"C:\\ml-connector\\scripts\\ml-connector.mjs" serve --port 8731');
    const env = Object.fromEntries((service.env as { '@_name': string; '@_value': string }[]).map((e) => [e['@_name'], e['@_value']]));
    expect(env).toMatchObject({ ML_CONNECTOR_DATA_DIR: 'C:\\ProgramData\\ml-connector', ML_CONNECTOR_TOKEN: 'tok' });
    expect(service.serviceaccount.username).toBe('NT AUTHORITY\\LocalService');
    expect(service.logpath).toBe('C:\\ProgramData\\ml-connector\\logs');
    expect(existsSync(join(root, 'scripts/service/install-windows-service.ps1'))).toBe(true);
  });

  it('`serve` started the way the services start it answers /api/health and stops on SIGTERM', async () => {
    const dataDir = join(tmp.dir, 'data');
    const env = { ...process.env, ML_CONNECTOR_DATA_DIR: dataDir, ML_CONNECTOR_TOKEN: 'service-token', ML_CONNECTOR_KEY: randomBytes(32).toString('hex') };
    const child = spawn(process.execPath, [join(root, 'scripts/ml-connector.mjs'), 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const { url, token } = JSON.parse(line) as { url: string; token: string };
      expect(token).toBe('service-token');
      const health = await fetch(new URL('/api/health', url));
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, value: { status: 'ok' } });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(join(dataDir, 'secret.key'))).toBe(false);
      expect(existsSync(join(dataDir, 'logs'))).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
