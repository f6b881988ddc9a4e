// Recovery-typed errors: every failure a connector raises says what should happen next.
// The engine decides on `kind`, never on message text. Messages must already be free of secrets
// (build them with redact() from ./redact.ts when they quote anything from a request).

export type ErrorKind = 'config' | 'auth' | 'retriable' | 'fatal' | 'record';

export interface ErrorDetails {
  /** Stable machine code, e.g. `HUBSPOT_UNIQUE_VALUE`, `SAGE300_IIS_TIMEOUT`. */
  code?: string;
  /** What the admin (or the engine) should do about it, in one sentence. */
  hint?: string;
  /** HTTP status when the error came from a response. */
  status?: number;
  /** Which system said it: 'hubspot', 'sage300', ... */
  system?: string;
  /** Extra structured facts safe to show and store (never secrets), e.g. a certificate fingerprint. */
  data?: Record<string, unknown>;
  cause?: unknown;
}

export abstract class ConnectorError extends Error {
  abstract readonly kind: ErrorKind;
  readonly code: string | undefined;
  readonly hint: string | undefined;
  readonly status: number | undefined;
  readonly system: string | undefined;
  readonly data: Record<string, unknown> | undefined;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = details.code;
    this.hint = details.hint;
    this.status = details.status;
    this.system = details.system;
    this.data = details.data;
  }

  /** A plain object for audit rows, IPC envelopes and logs. */
  toJSON(): { kind: ErrorKind; name: string; message: string; code?: string; hint?: string; status?: number; system?: string; data?: Record<string, unknown> } {
    return {
      kind: this.kind,
      name: this.name,
      message: this.message,
      ...(this.code !== undefined && { code: this.code }),
      ...(this.hint !== undefined && { hint: this.hint }),
      ...(this.status !== undefined && { status: this.status }),
      ...(this.system !== undefined && { system: this.system }),
      ...(this.data !== undefined && { data: this.data }),
    };
  }
}

/** The admin must change a setting (URL, company, certificate trust, missing property). Shown in the wizard. */
export class ConfigError extends ConnectorError {
  readonly kind = 'config' as const;
}

/** Credentials rejected or lacking a permission/scope. Retrying will not help until the admin acts. */
export class AuthError extends ConnectorError {
  readonly kind = 'auth' as const;
}

/** Try again later: 429, 5xx, timeouts, resets, Day End Processing. */
export class RetriableError extends ConnectorError {
  readonly kind = 'retriable' as const;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, details: ErrorDetails & { retryAfterMs?: number } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Stops the whole run (e.g. daily API budget spent, schema broken). The run can resume later. */
export class FatalError extends ConnectorError {
  readonly kind = 'fatal' as const;
}

/**
 * Where a record's failure lies, so replay and messages can act on it: the source's data (fix the record
 * where it comes from, the next read carries the fix) or the destination's state (fix the destination —
 * a duplicate, a closed period, a missing parent — then replay the same payload).
 */
export type FailureCause = 'source-data' | 'destination-state';

/** This one record is refused (validation, unique value, missing parent). Audited; the run goes on. */
export class RecordError extends ConnectorError {
  readonly kind = 'record' as const;
  /** True when the same payload may succeed later without a change (e.g. its parent does not exist yet). */
  readonly retryable: boolean;
  /** Undefined when the connector cannot tell. */
  readonly failureCause: FailureCause | undefined;
  constructor(message: string, details: ErrorDetails & { retryable?: boolean; failureCause?: FailureCause } = {}) {
    super(message, details);
    this.retryable = details.retryable ?? false;
    this.failureCause = details.failureCause;
  }

  override toJSON() {
    return { ...super.toJSON(), ...(this.failureCause !== undefined && { failureCause: this.failureCause }) };
  }
}

export function isConnectorError(e: unknown): e is ConnectorError {
  return e instanceof ConnectorError;
}

/** Any thrown value as a connector error; unknown errors count as fatal so they are never swallowed. */
export function toConnectorError(e: unknown, system?: string): ConnectorError {
  if (e instanceof ConnectorError) return e;
  if (e instanceof Error && e.name === 'AbortError') {
    return new FatalError('The run was cancelled.', { code: 'CANCELLED', system, cause: e });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new FatalError(`Unexpected error: ${message}`, { code: 'UNEXPECTED', system, cause: e });
}
