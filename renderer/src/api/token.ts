// The headless server prints `http://127.0.0.1:PORT/#token=...`. At start we move the token from the
// fragment into sessionStorage (it survives reloads of this tab, not other tabs) and clean the address
// bar, so the token is not left in history or shown on screen. Must run before the router reads the hash.
const storageKey = 'mlc.token';

export function takeTokenFromLocation(): string | null {
  const match = /(?:^#|[#&?])token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    try {
      window.sessionStorage.setItem(storageKey, token);
    } catch {
      // Storage disabled: the token still works for this page load.
    }
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
    return token;
  }
  try {
    return window.sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}
