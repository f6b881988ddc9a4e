// The Sage 100 agent's Windows service scripts: the WinSW configuration is well-formed XML that starts
// the agent with its configuration and stores no password, every placeholder in it is one the installer
// fills in; and the agent prepared and started the way the installer does it (--issue-key,
// --set-password on stdin, then `sage100-agent --config FILE`) prints the fingerprint the installer
// computes from agent-cert.pem, keeps it across a restart, and stops cleanly on SIGINT (WinSW's Ctrl+C).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../connectors/sage100/sandbox/index.ts';
import { tempDir } from './service-fixture.ts';

const root = join(import.meta.dirname, '..', '..');
const CLI = join(root, 'scripts', 'ml-connector.mjs');

function run(args: string[], stdin?: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin ?? '');
  });
}

/** Starts the agent as the service does; resolves with its JSON line and a stop() that sends SIGINT. */
function startAgent(config: string): Promise<{ line: { url: string; fingerprint256: string }; stop(): Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'sage100-agent', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('\n')) return;
      resolve({ line: JSON.parse(out.split('\n')[0]!) as { url: string; fingerprint256: string }, stop: () => (child.kill('SIGINT'), exited) });
    });
    void exited.then((code) => reject(new Error(`the agent exited with ${code}: ${err.slice(-500)}`)));
  });
}

/** What install-sage100-agent-service.ps1 prints: SHA-256 of the certificate's DER, upper-case hex with colons. */
function fingerprintOfPem(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
  return [...createHash('sha256').update(der).digest()].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(':');
}

describe('Sage 100 agent service scripts', () => {
  const tmp = tempDir('mlc-agent-service-');
  afterAll(() => tmp.remove());

  it('has a well-formed WinSW configuration whose placeholders the installer fills in', () => {
    const template = readFileSync(join(root, 'scripts/service/windows/ml-connector-sage100-agent.xml'), 'utf8');
    const installer = readFileSync(join(root, 'scripts/service/install-sage100-agent-service.ps1'), 'utf8');
    const placeholders = new Set(template.match(/@[A-Z_]+@/g));
    const filled = new Set([...installer.matchAll(/\.Replace\('(@[A-Z_]+@)'/g)].map((m) => m[1]));
    expect([...placeholders].sort()).toEqual([...filled].sort());
    const xml = template
      .replaceAll('@NODE@', 'C:\\Program Files\\nodejs\\node.exe')
      .replaceAll('@APP_DIR@', 'C:\\ml-connector')
      .replaceAll('@CONFIG@', 'C:\\ProgramData\\ml-connector-agent\\agent.json')
      .replaceAll('@DATA_DIR@', 'C:\\ProgramData\\ml-connector-agent')
      .replaceAll('@PORT@', '8443');
    expect(XMLValidator.validate(xml)).toBe(true);
    const service = new XMLParser({ ignoreAttributes: false }).parse(xml).service;
    expect(service.id).toBe('ml-connector-sage100-agent');
    expect(service.arguments).toBe('"C:\\ml-connector\\scripts\\ml-connector.mjs" sage100-agent --config "C:\\ProgramData\\ml-connector-agent\\agent.json"');
    expect(service.serviceaccount).toBeUndefined(); // the account is given at install (`install /p`), its password never written
    expect(xml).not.toMatch(/<password>/i);
    expect(installer).toContain('& $exe install /p');
    expect(installer).toContain('New-NetFirewallRule');
  });

  it('prepares and starts the agent as the installer does; the fingerprint it prints is the one computed from its certificate, across restarts', async () => {
    // A company database (the sandbox's seeded file, read over better-sqlite3 so no ODBC is needed here).
    const dbDir = join(tmp.dir, 'db');
    const sb = await startSandbox({ port: 0, records: 5, seed: 1, switches: { dataDir: dbDir, driver: 'sqlite' } });
    await sb.close();
    const config = join(tmp.dir, 'agent.json');
    writeFileSync(config, JSON.stringify({ listen: { host: '127.0.0.1', port: 0 }, companies: [{ code: 'ABC', driver: 'sqlite', sqliteFile: join(dbDir, 'MAS_ABC.sqlite') }] }));
    const key = await run(['sage100-agent', '--config', config, '--issue-key']);
    expect(key.code, key.err).toBe(0);
    expect(JSON.parse(key.out).apiKey).toMatch(/\S{20,}/);
    const account = await run(['sage100-agent', '--config', config, '--set-password', 'SAGESRV\\svc-mlc'], 'S3rvice-pass!\n');
    expect(account.code, account.err).toBe(0);
    expect(readFileSync(config, 'utf8')).not.toContain('S3rvice-pass!');

    const first = await startAgent(config);
    expect(first.line.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(first.line.fingerprint256).toBe(fingerprintOfPem(readFileSync(join(tmp.dir, 'agent-cert.pem'), 'utf8')));
    // Serving: without the key and account it refuses (what the installer's port check reaches).
    const dispatcher = new Agent({ connect: { ca: readFileSync(join(tmp.dir, 'agent-cert.pem'), 'utf8') } });
    const refused = await request(`${first.line.url}/v1/health`, { dispatcher });
    expect(refused.statusCode).toBe(401);
    await refused.body.dump();
    await dispatcher.close();
    expect(await first.stop()).toBe(0);
    const second = await startAgent(config);
    expect(second.line.fingerprint256).toBe(first.line.fingerprint256);
    expect(await second.stop()).toBe(0);
  }, 60_000);
});
