// Import is all or nothing: the whole file is checked first (import-plan.ts), then every connection,
// secret and flow is written in one transaction, so a file that fails changes nothing and says which
// entry failed and why. Connections and flows are matched by name: importing the same file twice
// updates instead of duplicating. Export goes through the same service calls as the UI.
import type { ServiceImpl, Mapping } from '../../preload/contract/index.ts';
import { workspaceSchema, type Workspace } from './schema.ts';
import { ServiceError } from '../service/service-error.ts';
import type { ServiceContext } from '../service/context.ts';
import { decryptSecrets } from '../engine/open-connector.ts';
import { planImport } from './import-plan.ts';
import { loadTemplates, type TemplateFile } from '../service/templates.ts';
import { markCrmSetupPending, setupCrmFields } from '../engine/crm-setup.ts';
import type { FlowRow } from '../store/index.ts';

export interface ImportSummary {
  connections: { created: number; updated: number };
  flows: { created: number; updated: number };
  /** CRM setup of the templates the imported flows come from (custom properties), after the commit. */
  crmSetup?: { template: string; connection: string; created: string[]; error?: string; retry?: string }[];
}

/** What an import needs of the running service: its context, and who to tell that flows changed. */
export interface ImportTarget {
  ctx: ServiceContext;
  onFlowsChanged?(flowIds: string[]): void;
}

/** Flow references inside a mapping (associations, match) between ids (store) and names (files). */
const remapFlowRefs = (mapping: Mapping, lookup: (ref: string) => string): Mapping => ({
  ...mapping,
  associations: mapping.associations.map((a) => ({ ...a, flow: lookup(a.flow) })),
  ...(mapping.match && { match: { ...mapping.match, flow: lookup(mapping.match.flow) } }),
});

export async function importWorkspace(target: ImportTarget, raw: unknown, env: NodeJS.ProcessEnv = process.env): Promise<ImportSummary> {
  const parsed = workspaceSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new ServiceError('INVALID_WORKSPACE', `Workspace file: "${i.path.join('.')}" ${i.message}.`, 'Correct the named entry and import again.');
  }
  const { ctx } = target;
  const plan = await planImport(ctx, parsed.data, env);
  const { store } = ctx;
  store.transaction(() => {
    for (const c of plan.connections) {
      if (c.existing) store.connections.update(c.row);
      else store.connections.insert(c.row);
      if (c.moved) store.secrets.removeFor(c.row.id);
      if (c.blackouts !== undefined) store.connections.setBlackouts(c.row.id, c.blackouts, c.row.updatedAt);
      for (const s of c.secrets) store.secrets.set(c.row.id, s.name, s.blob);
    }
    for (const f of plan.flows) store.flows.save(f.row);
  });
  const flowIds = plan.flows.map((f) => f.row.id);
  ctx.events.emit('connections:changed', {});
  ctx.events.emit('flows:changed', { flowIds });
  target.onFlowsChanged?.(flowIds);
  const count = <T extends { existing: boolean }>(list: T[]) => ({ created: list.filter((x) => !x.existing).length, updated: list.filter((x) => x.existing).length });
  const crmSetup = await setUpTemplates(ctx, plan.flows.map((f) => f.row));
  return { connections: count(plan.connections), flows: count(plan.flows), ...(crmSetup.length && { crmSetup }) };
}

/**
 * After the commit: the custom CRM properties the imported template flows write (as flows:fromTemplate
 * does), idempotently. A CRM that does not answer does not undo the import; the summary and the log say
 * what is missing, and the setup is remembered with the CRM connection: the next run of a flow using it
 * does it first (engine/crm-setup.ts), as does importing again or the setup wizard.
 */
async function setUpTemplates(ctx: ServiceContext, flows: FlowRow[]): Promise<NonNullable<ImportSummary['crmSetup']>> {
  const pairs = new Map<string, { template: TemplateFile; crmId: string }>();
  for (const f of flows) {
    const template = loadTemplates().find((t) => t.id === f.template?.split('/')[0]);
    if (!template) continue;
    const crmId = [f.destConnectionId, f.sourceConnectionId].find((id) => ctx.store.connections.get(id)?.system === template.crm);
    if (crmId) pairs.set(`${template.id} ${crmId}`, { template, crmId });
  }
  const out: NonNullable<ImportSummary['crmSetup']> = [];
  for (const { template, crmId } of pairs.values()) {
    const connection = ctx.store.connections.get(crmId)!.name;
    try {
      out.push({ template: template.id, connection, created: (await setupCrmFields(ctx, template, crmId)).created });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      markCrmSetupPending(ctx, template, crmId, error);
      ctx.logger.warn({ template: template.id, connectionId: crmId, error }, 'import: CRM setup failed; the next run of a flow using this CRM connection does it');
      out.push({ template: template.id, connection, created: [], error, retry: 'by the next run of a flow using this CRM connection' });
    }
  }
  return out;
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
        ...((row.tls.fingerprint256 || row.tls.ca) && { tls: { ...(row.tls.fingerprint256 && { fingerprint256: row.tls.fingerprint256 }), ...(row.tls.ca && { ca: row.tls.ca }) } }),
        ...(c.plainHttpConsent && { plainHttpConsent: true }),
        ...(c.blackouts && { blackouts: c.blackouts }),
        ...(options.withSecrets && { secrets: decryptSecrets(ctx, c.id) }),
      };
    }),
    flows: flows.map((f) => ({
      name: f.name,
      template: f.template,
      templateVersion: f.templateVersion,
      source: connName.get(f.sourceConnectionId)!,
      sourceEntity: f.sourceEntity,
      dest: connName.get(f.destConnectionId)!,
      destObject: f.destObject,
      mapping: remapFlowRefs(f.mapping, (id) => flowName.get(id) ?? id),
      schedule: f.schedule,
      enabled: f.enabled,
      dependsOn: f.dependsOn.map((d) => flowName.get(d) ?? d),
    })),
  };
}
