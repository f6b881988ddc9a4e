// Secret filtering for every message that can leave a connector: error messages, log lines, audit rows.
// Two layers: `SecretFilter` replaces registered secret *values* anywhere in a string (a token echoed
// in a URL or an upstream error body), and `REDACT_PATHS` lists structured fields pino must censor.

const MASK = '[REDACTED]';
/** Values shorter than this are too likely to collide with ordinary text ("1", "abc") to be replaced. */
const MIN_SECRET_LENGTH = 4;

export class SecretFilter {
  private readonly values = new Set<string>();
  private pattern: RegExp | null = null;

  /** Registers a secret value (and its URL-encoded and Basic-auth-looking forms) for filtering. */
  add(value: string | undefined | null): void {
    if (!value || value.length < MIN_SECRET_LENGTH) return;
    const forms = [value, encodeURIComponent(value), Buffer.from(value).toString('base64')];
    for (const form of forms) {
      if (form.length >= MIN_SECRET_LENGTH && !this.values.has(form)) {
        this.values.add(form);
        this.pattern = null;
      }
    }
  }

  /** Registers `user:password` the way Basic auth sends it, so the base64 header value is filtered too. */
  addBasicAuth(user: string, password: string): void {
    this.add(password);
    this.add(`${user}:${password}`);
  }

  get size(): number {
    return this.values.size;
  }

  filter(text: string): string {
    if (this.values.size === 0 || !text) return text;
    if (!this.pattern) {
      // Longest first so a secret that contains another is masked whole.
      const alternatives = [...this.values].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp(alternatives.join('|'), 'g');
    }
    return text.replace(this.pattern, MASK);
  }

  /** Deep copy of plain data with every string filtered; depth-limited so cyclic or huge objects stay cheap. */
  filterValue(value: unknown, depth = 6): unknown {
    if (typeof value === 'string') return this.filter(value);
    if (value === null || typeof value !== 'object' || depth <= 0) return value;
    if (Array.isArray(value)) return value.map((v) => this.filterValue(v, depth - 1));
    if (value instanceof Error) {
      return { name: value.name, message: this.filter(value.message), ...(this.filterValue({ ...value }, depth - 1) as object) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.filterValue(v, depth - 1);
    return out;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The process-wide filter: every connector registers the secrets it receives here. */
export const secretFilter = new SecretFilter();

/** Filters a message through the process-wide secret filter (use when quoting a request or response). */
export function redact(text: string): string {
  return secretFilter.filter(text);
}

/** Header names whose values are always secret, whatever the system. */
export const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-hubspot-signature', 'x-hubspot-signature-v3'];

/** Header map with secret headers masked, for logs and error data. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k] = SECRET_HEADERS.includes(k.toLowerCase()) ? MASK : redact(Array.isArray(v) ? v.join(', ') : v);
  }
  return out;
}

/** pino `redact.paths`: structured fields that are secret by name wherever they appear. */
export const REDACT_PATHS = [
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'apiKey',
  'secret',
  'secrets',
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.apiKey',
  '*.secret',
  '*.secrets',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
];

export const REDACT_CENSOR = MASK;
