// TEMPORARY stand-in for `ml-connector serve` while the real one is being built: serves renderer/dist
// and answers the calls of an empty workspace. Removed as soon as the real CLI serves the UI.
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { repoRoot } from './harness.ts';

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const answers: Record<string, unknown> = {
  'connections:list': [],
  'connections:systems': [],
  'flows:list': [],
  'flows:templates': [],
  'settings:alerts': [],
  'settings:get': { auditRetentionDays: 90, crmTier: 'professional', notifications: { onRunFailure: true, onAlert: true }, keepRunningInBackground: true, startAtLogin: false, updateFeedUrl: '', deletionCapPerRun: 100, reconcileHour: 2, theme: 'light' },
  'settings:appInfo': { version: '0.1.0', mode: 'headless', dataDir: '/tmp/x', secretsBackend: 'key-file', update: { status: 'disabled', version: null, message: null, checkedAt: null } },
};

export async function startFakeServe(): Promise<{ url: string; token: string; close(): Promise<void> }> {
  const token = randomBytes(16).toString('hex');
  const dist = join(repoRoot, 'renderer', 'dist');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end();
      if (url.pathname === '/api/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': hello\n\n');
        return;
      }
      const channel = decodeURIComponent(url.pathname.slice(5));
      const value = answers[channel];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value === undefined ? { ok: false, error: { code: 'NOT_AVAILABLE_YET', message: `${channel} is not available yet` } } : { ok: true, value }));
      return;
    }
    const file = join(dist, normalize(url.pathname === '/' ? '/index.html' : url.pathname));
    if (!file.startsWith(dist) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
