// Where the UI lives inside the desktop app. A privileged, standard, secure custom scheme (rather than
// file://) gives the window a real origin of its own: the IPC sender check and CSP 'self' can then tell
// our pages apart from any other local file, relative asset URLs resolve like on the web, and the same
// renderer build works here and behind the headless HTTP server.
export const APP_SCHEME = 'app';
export const APP_HOST = 'mlc';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The entry page at a renderer route, e.g. `#/audit?flow=f1&action=failed`. */
export function appRouteUrl(route: string): string {
  const hash = route.startsWith('#') ? route : `#${route.startsWith('/') ? '' : '/'}${route}`;
  return `${APP_ENTRY_URL}${hash}`;
}
