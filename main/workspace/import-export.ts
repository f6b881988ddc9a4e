// Import and export go through the same service calls as the UI, so every check (names, secrets,
// mapping validation) applies to files too. Flows and connections are matched by name: importing the
// same file twice updates instead of duplicating.
import type { ServiceImpl, Mapping } from '../../preload/contract/index.ts';
import { workspaceSchema, type Workspace } from './schema.ts';
import { ServiceError } from '../service/service-error.ts';
import type { ServiceContext } from '../service/context.ts';
import { decryptSecrets } from '../engine/open-connector.ts';

export interface ImportSummary {
  connections: { created: number; updated: number };
  flows: { created: number; updated: number };
}

function resolveSecrets(secrets: Workspace['connections'][number]['secrets'], env: NodeJS.ProcessEnv, where: string): Record<string, string> | undefined {
  if (!secrets) return undefined;
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(secrets)) {
    if (typeof v === 'string') out[name] = v;
    else {
      const value = env[v.env];
      if (!value) throw new ServiceError('MISSING_ENV', `${where}: secret "${name}" reads environment variable ${v.env}, which is not set.`, `Set ${v.env} before importing, or put the value in the file.`);
      out[name] = value;
    }
  }
  return out;
}

/** Flow references inside a mapping (associations, match) between names (files) and ids (store). */
const remapFlowRefs = (mapping: Mapping, lookup: (ref: string) => string | undefined, where: string): Mapping => {
  const resolve = (ref: string, what: string) => {
    const target = lookup(ref);
    if (!target) throw new ServiceError('UNKNOWN_FLOW', `${where}: ${what} flow "${ref}", which is not in the workspace.`, 'Name the parent flow exactly as in "flows".');
    return target;
  };
  return {
    ...mapping,
    associations: mapping.associations.map((a) => ({ ...a, flow: resolve(a.flow, 'association to') })),
    ...(mapping.match && { match: { ...mapping.match, flow: resolve(mapping.match.flow, 'match on') } }),
  };
};

export async function importWorkspace(impl: ServiceImpl, raw: unknown, env: NodeJS.ProcessEnv = process.env): Promise<ImportSummary> {
  const parsed = workspaceSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new ServiceError('INVALID_WORKSPACE', `Workspace file: "${i.path.join('.')}" ${i.message}.`, 'Correct the named entry and import again.');
  }
  const ws = parsed.data;
  const summary: ImportSummary = { connections: { created: 0, updated: 0 }, flows: { created: 0, updated: 0 } };
  const existingConns = new Map((await impl['connections:list'](undefined)).map((c) => [c.name, c]));
  const connIds = new Map<string, string>();
  for (const c of ws.connections) {
    const secrets = resolveSecrets(c.secrets, env, `connection "${c.name}"`);
    const cur = existingConns.get(c.name);
    if (cur) {
      const updated = await impl['connections:update']({ id: cur.id, patch: { name: c.name, settings: c.settings, ...(c.tls && { tls: c.tls }), ...(secrets && { secrets }) } });
      connIds.set(c.name, updated.id);
      summary.connections.updated++;
    } else {
      const created = await impl['connections:create']({ system: c.system, name: c.name, settings: c.settings, ...(c.tls && { tls: c.tls }), ...(secrets && { secrets }) });
      connIds.set(c.name, created.id);
      summary.connections.created++;
    }
  }
  for (const c of (await impl['connections:list'](undefined))) if (!connIds.has(c.name)) connIds.set(c.name, c.id);
  const conn = (name: string, where: string) => connIds.get(name) ?? (() => { throw new ServiceError('UNKNOWN_CONNECTION', `${where}: connection "${name}" is not in the workspace.`, 'Add it under "connections" or fix the name.'); })();

  // Two passes: create/update every flow (without associations), then set mappings that reference flows.
  const existingFlows = new Map((await impl['flows:list'](undefined)).map((f) => [f.name, f]));
  const flowIds = new Map<string, string>();
  for (const f of ws.flows) {
    const where = `flow "${f.name}"`;
    const input = { name: f.name, template: f.template, sourceConnectionId: conn(f.source, where), sourceEntity: f.sourceEntity, destConnectionId: conn(f.dest, where), destObject: f.destObject, mapping: { ...f.mapping, associations: [], match: undefined }, schedule: f.schedule, enabled: f.enabled, dependsOn: [] };
    const cur = existingFlows.get(f.name);
    const saved = cur ? await impl['flows:update']({ id: cur.id, patch: input }) : await impl['flows:create'](input);
    flowIds.set(f.name, saved.id);
    summary.flows[cur ? 'updated' : 'created']++;
  }
  for (const f of ws.flows) {
    const where = `flow "${f.name}"`;
    const lookup = (ref: string) => flowIds.get(ref) ?? existingFlows.get(ref)?.id;
    await impl['flows:update']({
      id: flowIds.get(f.name)!,
      patch: { mapping: remapFlowRefs(f.mapping, lookup, where), dependsOn: f.dependsOn.map((d) => lookup(d) ?? (() => { throw new ServiceError('UNKNOWN_FLOW', `${where}: depends on "${d}", which is not in the workspace.`, 'Fix the name.'); })()) },
    });
  }
  return summary;
}

export async function exportWorkspace(impl: ServiceImpl, ctx: ServiceContext, options: { withSecrets: boolean }): Promise<Workspace> {
  const conns = await impl['connections:list'](undefined);
  const flows = await impl['flows:list'](undefined);
  const connName = new Map(conns.map((c) => [c.id, c.name]));
  const flowName = new Map(flows.map((f) => [f.id, f.name]));
  return {
    version: 1,
    connections: conns.map((c) => {
      const row = ctx.store.connections.get(c.id)!;
      return {
        name: c.name,
        system: c.system,
        settings: c.settings,
        ...((row.tls.fingerprint256 || row.tls.ca) && { tls: row.tls }),
        ...(options.withSecrets && { secrets: decryptSecrets(ctx, c.id) }),
      };
    }),
    flows: flows.map((f) => ({
      name: f.name,
      template: f.template,
      source: connName.get(f.sourceConnectionId)!,
      sourceEntity: f.sourceEntity,
      dest: connName.get(f.destConnectionId)!,
      destObject: f.destObject,
      mapping: remapFlowRefs(f.mapping, (id) => flowName.get(id) ?? id, `flow "${f.name}"`),
      schedule: f.schedule,
      enabled: f.enabled,
      dependsOn: f.dependsOn.map((d) => flowName.get(d) ?? d),
    })),
  };
}
