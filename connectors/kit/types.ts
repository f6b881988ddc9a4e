// The connector contract (design §3). A connector is a manifest plus a factory; everything it needs
// arrives in a ConnectorContext, so it never reaches for globals, the store or Electron.
import type { z } from 'zod';
import type { ErrorKind, FailureCause } from './errors.ts';
import type { ConnectionState } from './state/connection-state.ts';
import type { RequestGate } from './gate.ts';
import type { SandboxOptions, SandboxStarter } from './sandbox/types.ts';

import type { SystemId } from '../systems.ts';
export type { SystemId } from '../systems.ts';

/** pino-compatible subset; the engine passes a child logger with redaction configured. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface Clock {
  now(): Date;
}

/**
 * Process-wide keyed singletons: rate limiters and session holders are shared by every flow that
 * uses the same account (key e.g. `hubspot:portal-123`), so two flows never exceed one account's limit.
 */
export interface SharedRegistry {
  shared<T>(key: string, create: () => T): T;
}

/** How a connection trusts an on-premise server's certificate. Verification is never switched off. */
export interface TlsTrust {
  /** PEM of a custom CA (or the server's self-signed certificate). */
  ca?: string;
  /** Pinned SHA-256 fingerprint of the server certificate, `AB:CD:...` (case and colons ignored). */
  fingerprint256?: string;
}

export interface ConnectorContext {
  logger: Logger;
  clock: Clock;
  /** Cancels everything in flight for this run. */
  signal: AbortSignal;
  /** Secret values by the names the manifest declares. Never log them. */
  secrets: Readonly<Record<string, string>>;
  registry: SharedRegistry;
  /**
   * Small JSON values kept per connection across runs and processes (cached tokens, budgets, channel
   * ids); persisted by the host. Absent in tools and tests that give none: use `memoryState()`.
   */
  state?: ConnectionState;
  /**
   * Where this connection's requests may go: its configured origins (scheme, host, port; plain http
   * only where the host's policy allows it) plus the manifest's `allowedHosts(config)`. Pass it to every
   * `createHttpClient` (and OAuth's `allowedHosts`): the kit then refuses anything else unsent. The host
   * always sets it; absent only in tools and tests that give none.
   */
  allowedHosts?: readonly string[];
  /**
   * The host's gate in front of every request to this connection (an ERP's blackout windows): pass it
   * to every `createHttpClient` as the FIRST gate, so nothing is sent, nor a semaphore held, while it
   * waits or refuses. Absent when the host has none.
   */
  gate?: RequestGate;
}

export interface SecretSpec {
  name: string;
  label: string;
  /** Shown in the wizard under the field. */
  help?: string;
  /** Not needed to connect (e.g. a webhook signing secret: without it the flow polls). */
  optional?: boolean;
}

export interface FieldInfo {
  name: string;
  label: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'enumeration' | 'object' | 'array';
  /** True for fields the source system manages and a destination cannot write. */
  readOnly?: boolean;
  required?: boolean;
  unique?: boolean;
  options?: { value: string; label: string }[];
  description?: string;
}

export type SourceRecord = Record<string, unknown>;

export interface ReadOptions {
  /** Watermark stored after the last complete read; null on a first or full sync. */
  since: string | null;
  /** Run start minus the safety lag; a source never reports a watermark above it. */
  signpost: Date;
  /** Position inside an interrupted read of the same window (the `resume` of the last committed page). */
  resume?: string | null;
  pageSize?: number;
  signal?: AbortSignal;
}

export interface Page {
  records: SourceRecord[];
  /** Where to continue this same read after a crash once this page is committed; null after the last page. */
  resume: string | null;
}

export interface SourceEntity {
  readonly name: string;
  readonly label: string;
  fields(): Promise<FieldInfo[]>;
  read(options: ReadOptions): AsyncIterable<Page>;
  /**
   * The watermark to store once a read that started at `signpost` has completed. For a connector whose
   * manifest has `timeZone`, the engine stores the UTC instant itself and calls this when reading, to
   * write a (DST-safe) instant in the source's own terms: it must depend on its argument only.
   */
  watermarkFor(signpost: Date): string;
  sample(n: number): Promise<SourceRecord[]>;
  idOf(record: SourceRecord): string;
  /** Every key (and only keys) for reconciliation; optional for entities that cannot list keys cheaply. */
  keys?(signal?: AbortSignal): AsyncIterable<string[]>;
  /** One record by its id (`idOf`), as `read` would yield it; null when it does not exist (replay, webhooks). */
  readOne?(id: string, signal?: AbortSignal): Promise<SourceRecord | null>;
  /**
   * The records whose field at `path` (a mapping path, e.g. a HubSpot contact's `associations.companies.0`)
   * may hold one of `values`, as `read` yields them, in pages; null when the source cannot look records up
   * by that path. The engine checks each record's value itself, so a source may return a wider set (every
   * contact associated with those companies). Used when a flow first writes records another flow
   * `match`es on, so records skipped before the link existed follow it (main/engine/linked-records.ts).
   */
  readLinked?(path: string, values: string[], signal?: AbortSignal): AsyncIterable<SourceRecord[]> | null;
  /**
   * Every key (`idOf`, which must equal the flow's key) with a hash of the record as the source stores
   * it: any change to the record — stamped with a change date or not — changes the hash. Offered only
   * where the hash covers everything `read` yields for the record (no joined or computed parts).
   * Reconciliation then re-reads (`readOne`) only records whose hash moved, and sees deletions from the
   * keys, instead of reading the whole source.
   */
  keyHashes?(signal?: AbortSignal): AsyncIterable<{ id: string; hash: string }[]>;
}

export interface UpsertInput {
  /** The source id this payload came from; results come back in the same order. */
  sourceId: string;
  /** Destination properties, already mapped. */
  properties: Record<string, unknown>;
  /** Destination id when id_map already knows it (lets a destination update by id). */
  destinationId?: string;
  /**
   * Links to records that already exist in the destination, resolved by the engine through id_map
   * (e.g. a contact's company). `label: 'primary'` asks for the destination's primary association.
   */
  associations?: { object: string; id: string; label?: string }[];
  /**
   * Child lines written together with the parent (invoice or deal line items, order detail lines): when
   * present (the flow maps lines; `[]` when the record has none), the record's whole set. A destination
   * that keeps each line as a record of its own removes the lines it wrote for the parent earlier that
   * are not among them — a line left out (mapping.lines.refused 'omit') or deleted from the source
   * document — and names them in the result's `removedLines`. Absent, the lines are left as they are.
   */
  lines?: Record<string, unknown>[];
  /**
   * For each of `lines`, its position among the record's mapped lines, set when some were left out
   * (mapping.lines.refused 'omit'); absent, each line's position is its index. A destination that keys
   * lines by position uses it, so a left-out line never shifts the keys of the lines after it.
   */
  linePositions?: number[];
}

/** A child line the destination held for a record and removed because it is no longer among its lines. */
export interface RemovedLine {
  /** The line's key in the destination (e.g. HubSpot's `<invoice key>#2`). */
  key: string;
  /** The destination's id of the removed line. */
  id: string;
}

export type WriteResult =
  | { status: 'created' | 'updated'; id: string; removedLines?: RemovedLine[] }
  /**
   * Nothing was sent: the destination already holds this record and the writer left it as it is (it
   * found it holding these values, or the record cannot be changed once made, e.g. a Sage 300 OE order).
   * The engine counts it unchanged, links it in id_map and audits it without a copy of the payload.
   */
  | { status: 'unchanged'; id: string }
  | {
      status: 'failed';
      kind: ErrorKind;
      message: string;
      retryable: boolean;
      code?: string;
      hint?: string;
      failureCause?: FailureCause;
      /**
       * The failure is this one child line's alone: its index in `UpsertInput.lines`. A flow whose
       * `lines.refused` is `omit` then writes the record again without it.
       */
      line?: number;
    };

export interface UpsertOptions {
  /** The unique property that carries the source key (e.g. `ml_sage300_customer_number`). */
  idProperty: string;
  signal?: AbortSignal;
}

export interface DestinationObject {
  readonly name: string;
  readonly label: string;
  /** Largest batch one write request accepts. */
  readonly maxBatch: number;
  fields(): Promise<FieldInfo[]>;
  /** One result per input, same order. A partial batch failure fails only its records; a run-level problem throws. */
  upsert(records: UpsertInput[], options: UpsertOptions): Promise<WriteResult[]>;
  /** Every record's id and the named properties, for reconciliation. */
  readAll?(properties: string[], signal?: AbortSignal): AsyncIterable<{ id: string; properties: Record<string, unknown> }[]>;
  /** Deletes (or archives) records; only ever called after the admin approved a flagged deletion. */
  remove?(ids: string[], signal?: AbortSignal): Promise<WriteResult[]>;
  /**
   * Current values of the records whose `idProperty` holds one of `keys`, in as few requests as the API
   * allows; keys with no record are absent from the map.
   */
  readByKeys?(idProperty: string, keys: string[], properties: string[], signal?: AbortSignal): Promise<Map<string, { id: string; properties: Record<string, unknown> }>>;
}

export type CheckProblemCode =
  | 'UNREACHABLE'
  | 'TLS_UNTRUSTED'
  | 'TLS_CHANGED'
  | 'AUTH_REJECTED'
  | 'MISSING_SCOPE'
  | 'WRONG_TIER'
  | 'UNKNOWN_COMPANY'
  | 'MODULE_FORBIDDEN'
  /** A field the flows need is missing in the system (e.g. Zoho's unique External_Id). */
  | 'MISSING_FIELD'
  /** The system's own data source behind its API is down (Sage 100: the agent answers but ODBC cannot reach the company). */
  | 'SOURCE_UNAVAILABLE'
  | 'TIMEOUT'
  /** The address answers, but as another system (e.g. a Sage 300 URL given for SAP Business One). */
  | 'WRONG_SYSTEM'
  /** An https:// address whose server speaks plain HTTP on that port. */
  | 'PLAIN_HTTP'
  | 'UNEXPECTED';

export interface CheckResult {
  ok: boolean;
  /** One line for the wizard, e.g. "Connected to SAMINC as ADMIN (password accepted upper-cased)". */
  summary: string;
  problems: { code: CheckProblemCode; message: string; hint?: string; data?: Record<string, unknown> }[];
  /** Facts learnt while testing that the wizard may save (e.g. `{ passwordCase: 'upper' }`, portal id, tier). */
  learned?: Record<string, unknown>;
}

export interface Connector {
  check(): Promise<CheckResult>;
  readonly sources: Readonly<Record<string, SourceEntity>>;
  readonly destinations: Readonly<Record<string, DestinationObject>>;
  /**
   * The account whose API allowance this connection's calls count against (its ApiBudget's `account`,
   * e.g. `hubspot:<token hash>`); absent when none. Only who: how much is left is read from the store,
   * where the budget keeps its count (main/engine/budget/account-usage.ts), like every other figure.
   */
  budgetAccount?(signal?: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

export interface ConnectorManifest<Config = unknown> {
  id: SystemId;
  label: string;
  role: 'erp' | 'crm';
  configSchema: z.ZodType<Config>;
  secrets: SecretSpec[];
  /**
   * Where this connection's secrets may be sent: the configured origin's host plus hosts the system
   * hands out at login (Zoho's regional API domain, Intacct's session endpoint). Exact host names or
   * one leading wildcard label (`*.intacct.com`); see `hostAllowed` in hosts.ts.
   */
  allowedHosts(config: Config): string[];
  /**
   * The names `create()` returns in `sources` and `destinations`, known without connecting, so templates
   * can be checked against them (a conformance test keeps the two equal).
   */
  entities: { sources: readonly string[]; destinations: readonly string[] };
  /**
   * For ERPs that stamp server-local times (SAP B1, Sage 100, Intacct): the connection's IANA time zone,
   * by convention the config field `timeZone` (see `timeZoneSchema`). Absent: the system stamps UTC.
   */
  timeZone?(config: Config): string;
  /**
   * How a source entity finds its changes, known without connecting: shown with the flow's cursor
   * (watermark) so the admin sees what each poll re-reads. Null or absent: the engine's safety lag only.
   */
  changeWindow?(config: Config, entity: string): ChangeWindow | null;
  create(config: Config, ctx: ConnectorContext): Connector;
  /** What the rest of the app derives from this connector; each is optional. */
  capabilities?: ConnectorCapabilities<Config>;
}

/** A source entity's change stamps and the overlap each incremental read goes back below the watermark. */
export interface ChangeWindow {
  /** What the source compares changes by: a calendar date, a wall-clock minute, a second, an exact instant; none: every read is full. */
  stamp: 'date' | 'minute' | 'second' | 'instant' | 'none';
  /** How far below the stored watermark each read starts (a date-only source: whole days). */
  overlapSeconds: number;
  /** The field changes are found by (`DateLastMaintained`, `UpdateDate/UpdateTime`), when there is one. */
  field?: string;
}

export interface ConnectorCapabilities<Config = unknown> {
  /** The loopback sandbox (`ml-connector sandbox <system>`, the demo, tests); loaded lazily. */
  sandbox?: () => Promise<SandboxStarter>;
  demo?: DemoCapability;
  crmSetup?: CrmSetupCapability<Config>;
  webhooks?: WebhooksCapability;
}

/** How the demo turns this connector's running sandbox into a connection. */
export interface DemoCapability {
  /** Options the demo starts the sandbox with (overridable by the caller). */
  sandboxOptions?: SandboxOptions;
  connectionName: string;
  /** The connection settings and secrets that reach the sandbox whose JSON line this is. */
  connection(line: Record<string, unknown>): { settings: Record<string, unknown>; secrets: Record<string, string> };
  /**
   * Points the sandbox's change notifications at `targetUrl` (our `/webhooks/<system>/<connectionId>`)
   * and returns the secrets the connection needs to verify them.
   */
  connectWebhooks?(line: Record<string, unknown>, targetUrl: string): Promise<Record<string, string>>;
}

/** One custom field/property a template's flows write, created by CRM setup. */
export interface CrmFieldSpec {
  object: string;
  name: string;
  label: string;
  type: string;
  fieldType?: string;
  unique: boolean;
  options?: { value: string; label: string }[];
}

export interface CrmSetupInput {
  fields: CrmFieldSpec[];
  /** Some flow writes child lines (so the line object needs its own unique key). */
  writesLines: boolean;
  signal?: AbortSignal;
}

/** Creates the custom fields a template needs. Idempotent: existing fields are kept, never changed. */
export interface CrmSetupCapability<Config = unknown> {
  ensureFields(config: Config, ctx: Pick<ConnectorContext, 'secrets' | 'registry' | 'logger' | 'allowedHosts'> & Partial<Pick<ConnectorContext, 'state' | 'clock'>>, input: CrmSetupInput): Promise<{ created: string[] }>;
}

export interface WebhookRequest {
  method: string;
  /** The public URL the system posted to (the connection's `webhookUrl` setting behind a proxy). */
  url: string;
  rawBody: Buffer;
  header(name: string): string | undefined;
}

export type WebhookVerification =
  | { ok: true; events: number; /** Source entities the events touch (flows reading them run now). */ entities: string[] }
  | { ok: false; status: 400 | 401; reason: string; message: string };

export interface WebhookVerifier {
  verify(req: WebhookRequest): WebhookVerification;
}

/** The answer to a sender's check of the address (a GET before it delivers anything). */
export type WebhookHandshake = { status: 200; body: unknown } | { status: 400 | 401; reason: string; message: string };

/** Inbound change notifications. A delivery only moves a run earlier; the run reads the records itself. */
export interface WebhooksCapability {
  /** A verifier keyed by the connection's secrets (it may keep replay state); null when the secret it needs is missing. */
  verifier(secrets: Readonly<Record<string, string>>): WebhookVerifier | null;
  /**
   * Systems that prove the address with a GET first (SAP B1's Webhook Messenger: X-B1-Webhook-Token,
   * answered with {"Challenge": token}); absent: GET is refused.
   */
  handshake?(secrets: Readonly<Record<string, string>>, req: WebhookRequest): WebhookHandshake;
  /** Shown when the secret is missing. */
  missingSecretMessage: string;
}
