// app://mlc serves the built renderer and nothing else.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.ts'));
const { protocol } = await import('electron');
const fake = await import('./fake-electron.ts');
const { createRendererHandler, registerAppScheme, serveRenderer } = await import('../../main/electron/protocol.ts');
const { CONTENT_SECURITY_POLICY } = await import('../../main/security/csp.ts');
const { tempDir } = await import('./service-fixture.ts');

describe('app:// protocol', () => {
  let root: ReturnType<typeof tempDir>;
  let handler: (r: Request) => Promise<Response>;
  beforeAll(() => {
    root = tempDir('mlc-renderer-');
    const dist = join(root.dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root.dir, 'secret.txt'), 'outside the renderer');
    handler = createRendererHandler(dist);
  });
  afterAll(() => root.remove());
  beforeEach(() => fake.resetFakeElectron());

  it('registers app as a standard, secure scheme before ready and serves it after', () => {
    registerAppScheme();
    expect(fake.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    serveRenderer(root.dir);
    expect(fake.protocol.handlers.has('app')).toBe(true);
    expect(protocol).toBe(fake.protocol);
  });

  it('serves the entry page and assets with the CSP and a content type', async () => {
    for (const url of ['app://mlc/', 'app://mlc/index.html']) {
      const r = await handler(new Request(url));
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await r.text()).toContain('id="root"');
    }
    const js = await handler(new Request('app://mlc/assets/app.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    ['an encoded path escape', 'app://mlc/%2e%2e/secret.txt', 404],
    ['an encoded backslash escape', 'app://mlc/..%5csecret.txt', 404],
    ['another host', 'app://evil/index.html', 404],
    ['a missing file', 'app://mlc/nope.js', 404],
    ['a malformed escape', 'app://mlc/%E0%A4%A', 400],
  ])('refuses %s', async (_label, url, status) => {
    const r = await handler(new Request(url));
    expect(r.status).toBe(status);
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handler(new Request('app://mlc/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    const head = await handler(new Request('app://mlc/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
