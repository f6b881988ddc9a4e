// Navigation, new windows, <webview>, permissions and remote content are all refused; every response
// carries the CSP. Run against the real security.ts with Electron faked.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.ts'));
const electron = await import('electron');
const fake = await import('./fake-electron.ts');
const { hardenSession, hardenWebContents, installSecurity, isLoadableUrl } = await import('../../main/electron/security.ts');
const { CONTENT_SECURITY_POLICY } = await import('../../main/security/csp.ts');

type Contents = InstanceType<typeof fake.FakeWebContents>;
const asContents = (c: Contents) => c as unknown as Parameters<typeof hardenWebContents>[0];

function navigate(contents: Contents, event: 'will-navigate' | 'will-redirect', url: string): boolean {
  const e = fake.fakeEvent();
  contents.emit(event, e, url);
  return !e.defaultPrevented;
}

describe('web contents hardening', () => {
  let contents: Contents;
  beforeEach(() => {
    fake.resetFakeElectron();
    contents = new fake.FakeWebContents();
    hardenWebContents(asContents(contents));
  });

  it.each(['will-navigate', 'will-redirect'] as const)('%s stays on app://mlc', (event) => {
    expect(navigate(contents, event, 'app://mlc/index.html#/audit?flow=f1')).toBe(true);
    for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)', 'app://x@mlc/']) {
      expect(navigate(contents, event, url), url).toBe(false);
    }
  });

  it('blocks subframe navigation away from our origin', () => {
    const e = fake.fakeEvent({ url: 'https://evil.example/' });
    contents.emit('will-frame-navigate', e);
    expect(e.defaultPrevented).toBe(true);
  });

  it('never attaches a <webview>', () => {
    const e = fake.fakeEvent();
    contents.emit('will-attach-webview', e, {}, {});
    expect(e.defaultPrevented).toBe(true);
  });

  it('denies every window.open; only plain https links go to the default browser', () => {
    const open = (url: string) => contents.windowOpenHandler!({ url });
    for (const url of ['https://knowledge.hubspot.com/private-apps', 'http://example.com/', 'file:///C:/Windows/system32/calc.exe', 'javascript:alert(1)', 'https://user:pw@example.com/', 'app://mlc/index.html', 'smb://server/share']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(fake.shell.opened).toEqual(['https://knowledge.hubspot.com/private-apps']);
  });

  it('applies to every web contents the app creates', () => {
    installSecurity();
    const win = new fake.BrowserWindow({});
    expect(win.webContents.windowOpenHandler).not.toBeNull();
    expect(navigate(win.webContents, 'will-navigate', 'https://evil.example/')).toBe(false);
  });
});

describe('session hardening', () => {
  beforeEach(() => {
    fake.resetFakeElectron();
    hardenSession(electron.session.defaultSession);
  });

  it('grants no permission, asked or checked', () => {
    const s = fake.session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      let granted: boolean | undefined;
      s.permissionRequestHandler!(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(s.permissionCheckHandler!(null, permission)).toBe(false);
    }
  });

  it('loads nothing remote', () => {
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      fake.session.defaultSession.beforeRequest!({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide('app://mlc/assets/index.js')).toBe(false);
    expect(decide('data:image/png;base64,AAAA')).toBe(false);
    for (const url of ['https://cdn.example.com/x.js', 'http://127.0.0.1:3000/', 'ws://127.0.0.1:9229/', 'file:///etc/hosts', 'app://other/x.js', 'ftp://x/']) {
      expect(decide(url), url).toBe(true);
    }
    expect(isLoadableUrl('not a url')).toBe(false);
  });

  it('puts the shared CSP on every response', () => {
    let headers: Record<string, string[]> | undefined;
    fake.session.defaultSession.headersReceived!({ url: 'app://mlc/index.html', responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});
