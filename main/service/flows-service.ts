import { randomUUID } from 'node:crypto';
import type { ServiceImpl, Mapping, Schedule } from '../../preload/contract/index.ts';
import { cronError } from '../engine/schedule-plan.ts';
import { flowInputSchema, mappingSchema } from '../../preload/contract/index.ts';
import type { FlowRow, ConnectionRow } from '../store/index.ts';
import { validateMapping, type KnownFields } from '../engine/mapping/validate.ts';
import { transforms } from '../engine/mapping/transforms.ts';
import { applyMapping } from '../engine/mapping/apply.ts';
import { openConnector } from '../engine/open-connector.ts';
import { keyPrefixFor } from './key-prefix.ts';
import { builtMapping, endsOf } from './template-flow.ts';
import { recordTemplateBase } from './template-upgrades/record-base.ts';
import { ServiceError, notFound } from './service-error.ts';
import { flowView } from './views.ts';
import { templateView, type TemplateFile } from './templates.ts';
import { nowIso, type ServiceContext } from './context.ts';

type Impl = Pick<
  ServiceImpl,
  | 'flows:transforms'
  | 'flows:templates' | 'flows:fromTemplate' | 'flows:list' | 'flows:get' | 'flows:create' | 'flows:update' | 'flows:setEnabled' | 'flows:delete' | 'flows:deleted' | 'flows:fields' | 'flows:preview'
>;

export interface FlowsHooks {
  /** Called after a flow's schedule or enabled state changed, so the scheduler re-plans it. */
  onFlowsChanged(flowIds: string[]): void;
  /**
   * One-time destination setup for a template (e.g. create the CRM's custom properties); `defer` leaves
   * it to the first run of a flow using the connection (flows created paused write nothing before).
   */
  setupTemplate?(template: TemplateFile, crmConnectionId: string, options: { defer: boolean }): Promise<void>;
}

/** A connection as it will be (an import checks against the file's settings before they are stored). */
export type ConnectionDraft = { row: Pick<ConnectionRow, 'id' | 'system' | 'settings' | 'tls'>; secrets?: Record<string, string> };

/** Live field names of both ends, when both systems answer within a few seconds; else only the structure is checked. */
export async function knownFields(
  ctx: ServiceContext,
  flow: Pick<FlowRow, 'sourceConnectionId' | 'sourceEntity' | 'destConnectionId' | 'destObject'>,
  draftOf: (connectionId: string) => ConnectionDraft | undefined = () => undefined,
): Promise<KnownFields> {
  const fetch = async (connectionId: string, side: 'source' | 'dest', name: string): Promise<string[] | undefined> => {
    const draft = draftOf(connectionId);
    const conn = draft?.row ?? ctx.store.connections.get(connectionId);
    if (!conn) return undefined;
    let connector: ReturnType<typeof openConnector> | undefined;
    try {
      connector = openConnector(ctx, conn, draft?.secrets ? { secrets: draft.secrets } : {});
      const target = side === 'source' ? connector.sources[name] : connector.destinations[name];
      if (!target) return undefined;
      const fields = await Promise.race([target.fields(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 8000).unref())]);
      return fields.map((f) => f.name);
    } catch {
      return undefined;
    } finally {
      await connector?.close().catch(() => undefined);
    }
  };
  const [source, dest] = await Promise.all([fetch(flow.sourceConnectionId, 'source', flow.sourceEntity), fetch(flow.destConnectionId, 'dest', flow.destObject)]);
  return { ...(source && { source: ['id', ...source] }), ...(dest && { dest }) };
}

export function assertValidSchedule(schedule: Schedule | undefined) {
  if (schedule?.kind !== 'cron') return;
  const problem = cronError(schedule.expression);
  if (problem) throw new ServiceError('INVALID_SCHEDULE', `Schedule "${schedule.expression}": ${problem}.`, 'Use five fields: minute hour day-of-month month day-of-week, e.g. "*/15 * * * *".', { path: ['schedule', 'expression'] });
}

export function assertValidMapping(mapping: Mapping, known: KnownFields = {}) {
  const problems = validateMapping(mapping, known);
  if (problems.length) {
    const p = problems[0]!;
    throw new ServiceError('INVALID_MAPPING', `Mapping ${p.path}: ${p.message}.`, 'Fix the named rule in the mapping editor.', { path: p.path.split(/[.[\]]+/).filter(Boolean), problems });
  }
}

/** True when `flow` needs the id links `otherId` writes: it runs after it, associates with or matches through it. */
function dependsOnFlow(flow: FlowRow, otherId: string): boolean {
  const m = flow.mapping as Partial<Mapping>;
  return flow.dependsOn.includes(otherId) || (m.associations ?? []).some((a) => a.flow === otherId) || m.match?.flow === otherId;
}

export function flowsService(ctx: ServiceContext, hooks: FlowsHooks): Impl {
  const { store } = ctx;
  const mustGet = (id: string) => store.flows.get(id) ?? (() => { throw notFound('Flow', id); })();
  const mustConnection = (id: string) => store.connections.get(id) ?? (() => { throw notFound('Connection', id); })();
  const changed = (ids: string[]) => {
    hooks.onFlowsChanged(ids);
    ctx.events.emit('flows:changed', { flowIds: ids });
  };

  return {
    'flows:transforms': async () =>
      Object.entries(transforms).map(([fn, t]) => ({
        fn,
        label: t.label,
        help: t.help,
        params: Object.entries(t.params).map(([name, p]) => ({ name, required: p.required, type: p.type, help: p.help, ...(p.choices && { choices: p.choices }) })),
      })),
    'flows:templates': async () => ctx.templates.latest().map(templateView),

    'flows:fromTemplate': async (input) => {
      const template = ctx.templates.latest().find((t) => t.id === input.template) ?? (() => { throw notFound('Integration', input.template); })();
      if (template.coming) throw new ServiceError('NOT_AVAILABLE_YET', `The ${template.label} integration is not available in this version yet.`, 'Choose one of the available integrations.');
      const erp = mustConnection(input.erpConnectionId);
      const crm = mustConnection(input.crmConnectionId);
      if (erp.system !== template.erp) throw new ServiceError('WRONG_SYSTEM', `"${erp.name}" is a ${erp.system} connection; this integration needs ${template.erp}.`, 'Pick the right ERP connection.');
      if (crm.system !== template.crm) throw new ServiceError('WRONG_SYSTEM', `"${crm.name}" is a ${crm.system} connection; this integration needs ${template.crm}.`, 'Pick the right CRM connection.');
      const chosen = template.flows.filter((f) => (input.flows ? input.flows.includes(f.key) : !f.optional));
      const unknown = (input.flows ?? []).filter((k) => !template.flows.some((f) => f.key === k));
      if (unknown.length) throw new ServiceError('UNKNOWN_FLOW', `The integration has no flow "${unknown[0]}".`, `Choose from: ${template.flows.map((f) => f.key).join(', ')}.`);
      // The flows this template already has between these same two connections are kept as they are (the
      // admin's mappings, schedules and pauses included). Another pair of connections — a second Sage 300
      // company into the same portal — gets flows of its own: existing flows are never re-pointed.
      const samePair = (f: FlowRow) => [f.sourceConnectionId, f.destConnectionId].sort().join() === [erp.id, crm.id].sort().join();
      const all = store.flows.list();
      const existing = new Map(all.filter((f) => f.template?.startsWith(template.id + '/') && samePair(f)).map((f) => [f.template!.split('/')[1]!, f]));
      const ids = new Map(template.flows.map((f) => [f.key, existing.get(f.key)?.id ?? randomUUID()]));
      // Flows of other integrations may share a name (the screens group them by integration).
      const takenNames = new Set(all.filter((f) => f.template?.startsWith(template.id + '/')).map((f) => f.name));
      const keyPrefix = keyPrefixFor(template, erp.id, crm.id, input.keyPrefix, all, (id) => store.connections.get(id)?.name ?? id);
      if (hooks.setupTemplate) await hooks.setupTemplate(template, crm.id, { defer: input.paused === true });
      const at = nowIso();
      const rows: FlowRow[] = chosen.filter((f) => !existing.has(f.key)).map((f) => {
        const mapping: Mapping = builtMapping(f, ids, keyPrefix);
        // A second integration of the same kind names its flows after its ERP connection.
        const name = takenNames.has(f.name) ? `${f.name} (${erp.name})`.slice(0, 100) : f.name;
        return {
          id: ids.get(f.key)!,
          name,
          template: `${template.id}/${f.key}`,
          templateVersion: template.version,
          ...endsOf(f, erp.id, crm.id),
          sourceEntity: f.sourceEntity,
          destObject: f.destObject,
          mapping,
          schedule: input.schedules?.[f.key] ?? f.schedule,
          enabled: input.paused !== true,
          dependsOn: f.dependsOn.map((k) => ids.get(k)!).filter(Boolean),
          createdAt: at,
          updatedAt: at,
        };
      });
      // Each new flow keeps the template's flow as built for it (the default schedule, not the one chosen),
      // so a newer template version can be offered as a three-way diff that never overwrites the admin's edits.
      const templateFlow = new Map(template.flows.map((f) => [f.key, f]));
      store.transaction(() =>
        rows.forEach((r) => {
          store.flows.save(r);
          const tf = templateFlow.get(r.template!.split('/')[1]!)!;
          recordTemplateBase(ctx, r.id, template.version, keyPrefix, { schedule: tf.schedule, mapping: r.mapping as Mapping });
        }),
      );
      if (rows.length) changed(rows.map((r) => r.id));
      // Every chosen flow of the integration, kept or new, in the template's order.
      return chosen.map((f) => flowView(ctx, store.flows.get(ids.get(f.key)!)!));
    },

    'flows:list': async () => store.flows.list().map((r) => flowView(ctx, r)),
    'flows:get': async ({ id }) => flowView(ctx, mustGet(id)),

    'flows:create': async (raw) => {
      const input = flowInputSchema.parse(raw);
      mustConnection(input.sourceConnectionId);
      mustConnection(input.destConnectionId);
      assertValidSchedule(input.schedule);
      assertValidMapping(input.mapping, await knownFields(ctx, input));
      const at = nowIso();
      const row: FlowRow = { id: randomUUID(), ...input, createdAt: at, updatedAt: at };
      store.flows.save(row);
      changed([row.id]);
      return flowView(ctx, row);
    },

    'flows:update': async ({ id, patch }) => {
      const cur = mustGet(id);
      // Re-pointing a flow keeps it on the same kind of system: its entities and mapping only exist there.
      for (const [key, label] of [['sourceConnectionId', 'source'], ['destConnectionId', 'destination']] as const) {
        const to = patch[key];
        if (to === undefined || to === cur[key]) continue;
        const from = mustConnection(cur[key]);
        const next = mustConnection(to);
        if (next.system !== from.system) {
          throw new ServiceError('WRONG_SYSTEM', `"${next.name}" is a ${next.system} connection; the ${label} of "${cur.name}" is ${from.system}.`, `Pick a ${from.system} connection.`, { path: [key] });
        }
      }
      const next: FlowRow = { ...cur, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)), id, updatedAt: nowIso() } as FlowRow;
      assertValidSchedule(patch.schedule);
      if (patch.mapping) assertValidMapping(mappingSchema.parse(patch.mapping), await knownFields(ctx, next));
      store.flows.save(next);
      changed([id]);
      return flowView(ctx, next);
    },

    'flows:setEnabled': async ({ id, enabled }) => {
      const cur = mustGet(id);
      store.flows.save({ ...cur, enabled, updatedAt: nowIso() });
      changed([id]);
      return flowView(ctx, mustGet(id));
    },

    'flows:delete': async ({ id }) => {
      const cur = mustGet(id);
      if (ctx.engine.isRunning(id)) throw new ServiceError('RUNNING', `"${cur.name}" is running.`, 'Cancel the run or wait for it to finish, then delete.');
      // A flow whose links another flow needs (contacts associate with the companies it wrote) cannot go first.
      const dependents = store.flows.list().filter((f) => f.id !== id && dependsOnFlow(f, id));
      if (dependents.length) {
        const names = dependents.map((f) => `"${f.name}"`).join(', ');
        throw new ServiceError('IN_USE', `${names} ${dependents.length === 1 ? 'uses' : 'use'} the records "${cur.name}" links.`, `Delete ${dependents.length === 1 ? 'it' : 'them'} first, then "${cur.name}".`, {
          flows: dependents.map((f) => ({ id: f.id, name: f.name })),
        });
      }
      // Its runs, audit events and failures stay; the name is remembered so the audit log can still say whose they were.
      store.transaction(() => {
        store.deletedFlows.record({ id, name: cur.name, template: cur.template, sourceConnectionId: cur.sourceConnectionId, destConnectionId: cur.destConnectionId, deletedAt: nowIso() });
        store.flows.delete(id);
      });
      changed([id]);
      return { deleted: true as const };
    },
    'flows:deleted': async () => store.deletedFlows.list().map((f) => ({ id: f.id, name: f.name, sourceConnectionId: f.sourceConnectionId, destConnectionId: f.destConnectionId, deletedAt: f.deletedAt })),

    'flows:fields': async ({ connectionId, side, name }) => {
      const conn = mustConnection(connectionId);
      const connector = openConnector(ctx, conn);
      try {
        const target = side === 'source' ? connector.sources[name] : connector.destinations[name];
        if (!target) throw new ServiceError('UNKNOWN_OBJECT', `${conn.name} has no ${side === 'source' ? 'readable entity' : 'writable object'} "${name}".`, `Known: ${Object.keys(side === 'source' ? connector.sources : connector.destinations).join(', ')}.`);
        return await target.fields();
      } finally {
        await connector.close().catch(() => undefined);
      }
    },

    'flows:preview': async ({ flowId, mapping, sample }) => {
      const flow = mustGet(flowId);
      const m = mapping ?? mappingSchema.parse(flow.mapping);
      assertValidMapping(m);
      const conn = mustConnection(flow.sourceConnectionId);
      const connector = openConnector(ctx, conn);
      try {
        const source = connector.sources[flow.sourceEntity];
        if (!source) throw new ServiceError('UNKNOWN_OBJECT', `${conn.name} has no entity "${flow.sourceEntity}".`, 'Edit the flow.');
        const records = await source.sample(sample);
        return records.map((before) => {
          const r = applyMapping(m, before);
          return {
            sourceId: (() => { try { return source.idOf(before); } catch { return '?'; } })(),
            before,
            after: r.ok ? r.value.properties : null,
            errors: r.ok ? [] : r.errors,
          };
        });
      } finally {
        await connector.close().catch(() => undefined);
      }
    },
  };
}
