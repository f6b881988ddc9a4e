// The first half of an import: checks the whole workspace file before anything is stored, and turns
// it into the rows the second half (import-export.ts) writes in one transaction. Everything that can be
// checked offline is (names, duplicates, systems, settings against the connector's own schema, URL
// schemes, secrets, schedules, mappings, references, dependency cycles); mappings are also checked
// against the live field lists when both systems answer. The first problem found names its entry.
import { randomUUID } from 'node:crypto';
import type { Mapping } from '../../preload/contract/index.ts';
import type { ConnectionRow, FlowRow } from '../store/index.ts';
import type { ServiceContext } from '../service/context.ts';
import { ServiceError } from '../service/service-error.ts';
import { ConfigError } from '../../connectors/kit/errors.ts';
import { availableSystem, normaliseFingerprint } from '../service/connections-service.ts';
import { assertValidMapping, assertValidSchedule, knownFields, type ConnectionDraft } from '../service/flows-service.ts';
import { configOf, decryptSecrets } from '../engine/open-connector.ts';
import { nowIso } from '../service/context.ts';
import { sameOrigins } from '../../preload/contract/connection-origin.ts';
import { assertTransportAllowed, consentAfterSave, type TransportTrust } from '../engine/transport-policy.ts';
import type { Workspace } from './schema.ts';
import type { Blackouts } from '../../preload/contract/index.ts';
import { loadTemplates } from '../service/templates.ts';

export interface PlannedConnection {
  row: Omit<ConnectionRow, 'lastCheck' | 'blackouts'>;
  existing: boolean;
  /** The file points an existing connection at another origin: its stored secrets are dropped. */
  moved: boolean;
  /** Already encrypted: nothing can fail between the checks and the commit. */
  secrets: { name: string; blob: Buffer }[];
  /** Blackout windows to save (null: none); undefined: an existing connection keeps its own. */
  blackouts?: Blackouts | null;
}

export interface ImportPlan {
  connections: PlannedConnection[];
  flows: { row: FlowRow; existing: boolean }[];
}

type FileConnection = Workspace['connections'][number];

/** Re-throws a check's error with the entry it is about in front, keeping its code and hint. */
function at<T>(where: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof ServiceError) throw new ServiceError(e.code, `${where}: ${e.message}`, e.hint, e.data);
    // A connection's settings that its connector's schema refuses (configOf).
    if (e instanceof ConfigError) throw new ServiceError(e.code ?? 'INVALID_SETTINGS', `${where}: ${e.message}`, e.hint, e.data);
    throw e;
  }
}

function assertUniqueNames(entries: { name: string }[], what: string) {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.name)) throw new ServiceError('DUPLICATE_NAME', `Workspace file: ${what}[${i}] "${e.name}" appears twice.`, `Names identify ${what} on import; give each a different name or remove the copy.`);
    seen.add(e.name);
  });
}

/** Only web addresses: a setting such as `file:///etc/passwd` or `ftp://…` is refused, whatever the connector's own schema accepts. */
function assertWebUrls(settings: Record<string, unknown>) {
  for (const [key, value] of Object.entries(settings)) {
    if (typeof value !== 'string') continue;
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value.trim())?.[1]?.toLowerCase();
    if (scheme && value.includes('//') && scheme !== 'https' && scheme !== 'http') {
      throw new ServiceError('INVALID_SETTINGS', `setting "${key}" is a ${scheme}: address; only https:// (or http://) addresses are allowed.`, 'Give the web address of the system.', { path: ['settings', key] });
    }
  }
}

function resolveSecrets(secrets: FileConnection['secrets'], env: NodeJS.ProcessEnv): Record<string, string> | undefined {
  if (!secrets) return undefined;
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(secrets)) {
    if (typeof v === 'string') out[name] = v;
    else {
      const value = env[v.env];
      if (!value) throw new ServiceError('MISSING_ENV', `secret "${name}" reads environment variable ${v.env}, which is not set.`, `Set ${v.env} before importing, or put the value in the file.`);
      out[name] = value;
    }
  }
  return out;
}

function planConnection(ctx: ServiceContext, c: FileConnection, env: NodeJS.ProcessEnv): PlannedConnection & { plain: Record<string, string> | undefined } {
  const manifest = availableSystem(c.system);
  if (c.blackouts?.windows.length && manifest.role !== 'erp') throw new ServiceError('BLACKOUTS_ERP_ONLY', `${c.name} is a ${manifest.label} connection: blackout windows are for ERP connections.`, 'Move the "blackouts" to the ERP connection whose quiet times they are.');
  const cur = ctx.store.connections.byName(c.name);
  if (cur && cur.system !== c.system) throw new ServiceError('WRONG_SYSTEM', `a ${cur.system} connection with this name exists; the file says ${c.system}.`, 'Rename the connection in the file or in the app.');
  assertWebUrls(c.settings);
  const fingerprint256 = normaliseFingerprint(c.tls?.fingerprint256);
  const { plainHttpOrigins: consented, ...certs } = { ...cur?.tls, ...(fingerprint256 && { fingerprint256 }), ...(c.tls?.ca && { ca: c.tls.ca }) };
  // Plain-http consent as in connections:update: given by the file, or kept where the connection still points.
  const plainHttpOrigins = consentAfterSave(c.settings, consented, c.plainHttpConsent);
  const tls: TransportTrust = { ...certs, ...(plainHttpOrigins.length && { plainHttpOrigins }) };
  configOf({ system: c.system, settings: c.settings, tls });
  assertTransportAllowed(c.settings, tls);
  const plain = resolveSecrets(c.secrets, env);
  const known = new Set(manifest.secrets.map((s) => s.name));
  const unknown = Object.keys(plain ?? {}).find((n) => !known.has(n));
  if (unknown) throw new ServiceError('UNKNOWN_SECRET', `${manifest.label} connections have no secret "${unknown}".`, `Known secrets: ${[...known].join(', ')}.`, { path: ['secrets', unknown] });
  const moved = Boolean(cur && !sameOrigins(cur.settings, c.settings));
  const stored = new Set(cur && !moved ? ctx.store.secrets.names(cur.id) : []);
  const missing = manifest.secrets.find((s) => !s.optional && !plain?.[s.name] && !stored.has(s.name));
  if (missing) throw new ServiceError('MISSING_SECRET', `${missing.label} is required.`, `Add "secrets": {"${missing.name}": {"env": "NAME"}} to the connection.`, { path: ['secrets', missing.name] });
  const now = nowIso();
  return {
    row: { id: cur?.id ?? randomUUID(), system: c.system, name: c.name, settings: c.settings, tls, createdAt: cur?.createdAt ?? now, updatedAt: now },
    existing: Boolean(cur),
    moved,
    secrets: Object.entries(plain ?? {}).map(([name, value]) => ({ name, blob: ctx.vault.encrypt(value) })),
    ...(c.blackouts !== undefined && { blackouts: c.blackouts }),
    plain,
  };
}

/** The first dependency cycle among the flows as they will be, as names (`A → B → A`), or null. */
export function findCycle(dependsOn: Map<string, string[]>, nameOf: (id: string) => string): string | null {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of dependsOn.keys()) {
    if (state.has(start)) continue;
    // Iterative depth-first walk: a long chain must not overflow the stack either.
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const deps = dependsOn.get(top.id) ?? [];
      if (top.next >= deps.length) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      const dep = deps[top.next++]!;
      if (state.get(dep) === 'open') {
        const path = stack.slice(stack.findIndex((s) => s.id === dep)).map((s) => nameOf(s.id));
        return [...path, nameOf(dep)].join(' → ');
      }
      if (!state.has(dep)) {
        state.set(dep, 'open');
        stack.push({ id: dep, next: 0 });
      }
    }
  }
  return null;
}

export async function planImport(ctx: ServiceContext, ws: Workspace, env: NodeJS.ProcessEnv): Promise<ImportPlan> {
  assertUniqueNames(ws.connections, 'connections');
  assertUniqueNames(ws.flows, 'flows');

  const connections = ws.connections.map((c, i) => at(`connections[${i}] "${c.name}"`, () => planConnection(ctx, c, env)));
  const connIds = new Map<string, string>([...ctx.store.connections.list().map((c) => [c.name, c.id] as const), ...connections.map((c) => [c.row.name, c.row.id] as const)]);
  // Live field lookups use the file's settings. Stored secrets are only lent to the origin they were given
  // for: a file must not be able to send them to another address.
  const drafts = new Map<string, ConnectionDraft>(
    connections.map((c) => {
      return [c.row.id, { row: c.row, secrets: { ...(c.existing && !c.moved ? decryptSecrets(ctx, c.row.id) : {}), ...c.plain } }];
    }),
  );

  const existingFlows = ctx.store.flows.list();
  const flowIds = new Map<string, string>([...existingFlows.map((f) => [f.name, f.id] as const), ...ws.flows.map((f) => [f.name, existingFlows.find((e) => e.name === f.name)?.id ?? randomUUID()] as const)]);
  const now = nowIso();
  const flows = ws.flows.map((f, i) =>
    at(`flows[${i}] "${f.name}"`, () => {
      const cur = existingFlows.find((e) => e.name === f.name);
      const conn = (name: string) => connIds.get(name) ?? (() => { throw new ServiceError('UNKNOWN_CONNECTION', `connection "${name}" is neither in the file nor in the app.`, 'Add it under "connections" or fix the name.'); })();
      const flow = (ref: string, what: string) => flowIds.get(ref) ?? (() => { throw new ServiceError('UNKNOWN_FLOW', `${what} "${ref}", which is neither in the file nor in the app.`, 'Name the flow exactly as under "flows".'); })();
      assertValidSchedule(f.schedule);
      const mapping: Mapping = {
        ...f.mapping,
        associations: f.mapping.associations.map((a) => ({ ...a, flow: flow(a.flow, 'association to flow') })),
        ...(f.mapping.match && { match: { ...f.mapping.match, flow: flow(f.mapping.match.flow, 'match on flow') } }),
      };
      assertValidMapping(mapping);
      const row: FlowRow = {
        id: flowIds.get(f.name)!,
        name: f.name,
        // What the file leaves out keeps its current value (a new flow gets the creation default).
        template: f.template !== undefined ? f.template : (cur?.template ?? null),
        templateVersion: f.templateVersion !== undefined ? f.templateVersion : (cur?.templateVersion ?? null),
        sourceConnectionId: conn(f.source),
        sourceEntity: f.sourceEntity,
        destConnectionId: conn(f.dest),
        destObject: f.destObject,
        mapping,
        schedule: f.schedule,
        enabled: f.enabled ?? cur?.enabled ?? true,
        dependsOn: f.dependsOn ? f.dependsOn.map((d) => flow(d, 'depends on flow')) : (cur?.dependsOn ?? []),
        createdAt: cur?.createdAt ?? now,
        updatedAt: now,
      };
      return { row, existing: Boolean(cur) };
    }),
  );

  const graph = new Map(existingFlows.map((f) => [f.id, f.dependsOn]));
  for (const f of flows) graph.set(f.row.id, f.row.dependsOn);
  const names = new Map([...existingFlows.map((f) => [f.id, f.name] as const), ...flows.map((f) => [f.row.id, f.row.name] as const)]);
  const cycle = findCycle(graph, (id) => names.get(id) ?? id);
  if (cycle) throw new ServiceError('DEPENDENCY_CYCLE', `Workspace file: the flows depend on each other in a circle (${cycle}).`, 'Remove one of those dependsOn entries.');

  // Against the live systems, when they answer: every flow at once (each lookup gives up after a few seconds).
  const live = await Promise.all(flows.map((f) => knownFields(ctx, f.row, (id) => drafts.get(id))));
  // Properties the flow's template creates right after the commit count as known (a fresh CRM has none yet).
  const willCreate = (f: FlowRow, object: string) => (loadTemplates().find((t) => t.id === f.template?.split('/')[0])?.crmProperties ?? []).filter((p) => p.object === object).map((p) => p.name);
  flows.forEach((f, i) => {
    const known = live[i]!;
    const fields = {
      ...known,
      ...(known.dest && { dest: [...known.dest, ...willCreate(f.row, f.row.destObject)] }),
      ...(known.source && { source: [...known.source, ...willCreate(f.row, f.row.sourceEntity)] }),
    };
    at(`flows[${i}] "${f.row.name}"`, () => assertValidMapping(f.row.mapping as Mapping, fields));
  });

  return { connections: connections.map(({ plain: _plain, ...c }) => c), flows };
}
