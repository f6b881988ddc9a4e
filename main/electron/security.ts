// Session and web-contents hardening for every window the app ever creates: no permissions, no
// navigation away from app://mlc, no new windows, no <webview>, no remote content, and the shared CSP
// on every response. Installed before the first window exists (app 'web-contents-created').
import { app, shell, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../security/csp.ts';
import { isSameOrigin } from '../ipc/trusted-sender.ts';
import { APP_ORIGIN } from './app-origin.ts';

/** Schemes a page of ours may load. Everything else (http, https, ws, file, ftp…) is cancelled. */
const LOADABLE_SCHEMES = new Set(['app:', 'data:', 'blob:', 'devtools:']);

export function isAppUrl(url: string): boolean {
  return isSameOrigin(url, APP_ORIGIN);
}

export function isLoadableUrl(url: string): boolean {
  try {
    return LOADABLE_SCHEMES.has(new URL(url).protocol) && (!url.startsWith('app:') || isAppUrl(url));
  } catch {
    return false;
  }
}

/** Links the UI may hand to the default browser (vendor docs): https only, no credentials in the URL. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

export function hardenSession(ses: Session): void {
  // The UI needs no camera, notifications API, clipboard-read, geolocation… Native notifications come
  // from the main process (notifications.ts), not from the page.
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // No remote content: the UI is fully bundled, and the service (not the page) talks to ERP and CRM.
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isLoadableUrl(details.url) }));
  // app:// responses carry the CSP already (protocol.ts); this covers anything else Chromium serves.
  ses.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
}

export function hardenWebContents(contents: WebContents): void {
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-frame-navigate', (event) => stayHome(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK: only parsed https URLs without credentials reach here (isSafeExternalUrl)
    return { action: 'deny' };
  });
}

/** Applies hardenWebContents to every web contents, including ones created later (devtools, popups). */
export function installSecurity(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
