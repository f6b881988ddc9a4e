// The one Content-Security-Policy of the UI, sent by both transports: the Electron `app://` protocol
// handler (main/electron/protocol.ts) and the headless HTTP server (main/http). Keeping it in one module
// means the two can never drift; test/electron/csp.test.ts evaluates it with Google's CSP evaluator.
//
// Why each directive:
// - default-src 'none': everything not listed below is refused (frames, media, workers, manifests…).
// - script-src 'self': only the bundled renderer scripts; no inline script, no eval (Vite emits none).
// - style-src 'self' 'unsafe-inline': Mantine writes its CSS variables into a <style> element at runtime.
//   Inline *styles* cannot run code; scripts stay locked down, which is what the policy is for.
// - img-src/font-src 'self' data:: bundled assets and the small data: URIs Vite inlines.
// - connect-src 'self': headless fetch /api and SSE /api/events on the same origin; nothing remote.
// - base-uri/form-action/frame-ancestors/object-src 'none': no base hijack, no form posts, no framing
//   of the UI (clickjacking), no plugins.
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
  ['object-src', "'none'"],
];

export const CONTENT_SECURITY_POLICY: string = DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/** Headers every UI response carries, whichever transport serves it. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
