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
 * Where a record's failure lies, so replay and messages can act on it:
 * - `source`: the source's data (an invalid e-mail, a value the destination refuses): fix the record
 *   where it comes from; a replay re-reads it from the source before sending;
 * - `destination`: the destination's state (a 409 duplicate, a missing option or parent, a closed
 *   period, a busy server): fix the destination; a replay resends the stored payload.
 */
export type FailureCause = 'source' | 'destination';

/** What `failureCause` needs to know about a failure: a RecordError, a WriteResult or a plain error. */
export interface FailureFacts {
  kind: ErrorKind;
  code?: string | undefined;
  status?: number | undefined;
  retryable?: boolean | undefined;
  /** The connector's own answer; wins over the default rules. */
  failureCause?: FailureCause | undefined;
}

/** Codes that name the destination's state, whatever their HTTP status. */
const DESTINATION_CODE = /(^|_)(CONFLICT|DUPLICATE|UNIQUE_VALUE|INVALID_OPTION|NOT_FOUND|ALREADY_EXISTS|ETAG_MISMATCH|LOCKED|DAY_END|NO_CUSTOMER|PARENT_MISSING|ASSOCIATION_FAILED|WRITE_UNCONFIRMED)($|_)/;

/**
 * The cause of a record's failure. The connector's own `failureCause` wins; otherwise the default rules:
 * 1. anything worth retrying as it is (kind `retriable`, or a record error marked retryable: a parent not
 *    there yet, Day End, an unconfirmed write) lies in the destination;
 * 2. HTTP 404, 409, 412 and 423, and codes naming a conflict, duplicate, unique value, an option the
 *    destination's field lacks, a missing record or a lock, lie in the destination;
 * 3. everything else (400/422 validation, a mapping error, an unknown refusal) lies in the source data —
 *    the safe default, since a replay then re-reads the record before sending it.
 */
export function failureCause(f: FailureFacts): FailureCause {
  if (f.failureCause) return f.failureCause;
  if (f.kind === 'retriable' || f.retryable) return 'destination';
  if (f.status !== undefined && [404, 409, 412, 423].includes(f.status)) return 'destination';
  if (f.code && DESTINATION_CODE.test(f.code.toUpperCase())) return 'destination';
  return 'source';
}

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
