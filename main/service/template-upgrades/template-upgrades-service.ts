// The contract's template-upgrade calls. Listing computes the three-way diff afresh (upgrade-plan.ts);
// applying takes the admin's decisions for one integration: a change taken replaces that one part of the
// flow (every other part stays as the admin has it), a change kept leaves the flow alone; both advance
// the flow's base so the decision is not offered again. A flow with nothing left to decide records the
// newest template version. Everything is written in one transaction, after every changed mapping passed
// validation.
import { randomUUID } from 'node:crypto';
import type { ServiceImpl, TemplateUpgrade, UpgradeDecision } from '../../../preload/contract/index.ts';
import type { FlowRow } from '../../store/index.ts';
import { nowIso, type ServiceContext } from '../context.ts';
import { ServiceError } from '../service-error.ts';
import { assertValidMapping, assertValidSchedule } from '../flows-service.ts';
import { flowView } from '../views.ts';
import { builtMapping, endsOf } from '../template-flow.ts';
import { recordTemplateBase } from './record-base.ts';
import { markCrmSetupPending } from '../../engine/crm-setup.ts';
import { partsOf, withBasePart, withPart, type FlowShape, type PartsBase } from './flow-parts.ts';
import { currentShape, planIntegration, planUpgrades, type IntegrationPlan } from './upgrade-plan.ts';

type Impl = Pick<ServiceImpl, 'flows:templateUpgrades' | 'flows:applyTemplateUpgrade'>;

export function upgradeView(ctx: Pick<ServiceContext, 'store'>, plan: IntegrationPlan): TemplateUpgrade | null {
  const name = (id: string) => ctx.store.connections.get(id)?.name ?? id;
  const flows = plan.flows
    .filter((f) => f.changes.length)
    .map((f) => ({
      flowId: f.row?.id ?? null,
      flowKey: f.key,
      flowName: f.row?.name ?? f.templateFlow.name,
      fromVersion: f.row ? (f.row.templateVersion ?? 1) : null,
      changes: f.changes.map(({ part: _part, ...c }) => c),
    }));
  if (!flows.length) return null;
  return {
    id: plan.id,
    template: plan.template.id,
    label: `${plan.template.label} (${name(plan.erpId)}, ${name(plan.crmId)})`,
    erpConnectionId: plan.erpId,
    crmConnectionId: plan.crmId,
    toVersion: plan.template.version,
    flows,
  };
}

export function templateUpgradesService(ctx: ServiceContext, onFlowsChanged: (ids: string[]) => void): Impl {
  const { store } = ctx;
  const findPlan = (id: string) => planUpgrades(ctx).find((p) => p.id === id);

  return {
    'flows:templateUpgrades': async () => planUpgrades(ctx).flatMap((p) => upgradeView(ctx, p) ?? []),

    'flows:applyTemplateUpgrade': async ({ upgradeId, decisions }) => {
      const plan =
        findPlan(upgradeId) ??
        (() => {
          throw new ServiceError('NOT_FOUND', `There is no template update for "${upgradeId}".`, 'List the template updates again (ml-connector upgrades, or reopen the Flows page): it may have been applied already.');
        })();
      const offered = new Set(plan.flows.flatMap((f) => f.changes.map((c) => c.id)));
      const stale = decisions.find((d) => !offered.has(d.change));
      if (stale) {
        throw new ServiceError('UPGRADE_CHANGED', `The change "${stale.change}" is not offered by the ${plan.template.label} update (any more).`, 'List the template updates again and decide on what they offer now.', { path: ['decisions'] });
      }
      const byChange = new Map<string, UpgradeDecision['take']>(decisions.map((d) => [d.change, d.take]));
      const at = nowIso();
      const taken: string[] = [];
      const kept: string[] = [];
      const touched: string[] = [];

      // New flows first: a changed rule of another flow may associate with one of them.
      const ids = new Map(plan.ids);
      const added = plan.flows.filter((f) => !f.row && byChange.has(`add:${f.key}`));
      for (const f of added) if (byChange.get(`add:${f.key}`) === 'template') ids.set(f.key, randomUUID());
      const integrationNames = new Set(store.flows.list().filter((r) => r.template?.startsWith(plan.template.id + '/')).map((r) => r.name));
      const erpName = store.connections.get(plan.erpId)?.name ?? plan.erpId;
      const created = added.flatMap((f) => {
        const id = `add:${f.key}`;
        if (byChange.get(id) === 'mine') return (kept.push(id), []);
        taken.push(id);
        const tf = f.templateFlow;
        const shape: FlowShape = { schedule: tf.schedule, mapping: builtMapping(tf, ids, plan.keyPrefix) };
        assertValidMapping(shape.mapping);
        const row: FlowRow = {
          id: ids.get(f.key)!,
          // A second integration of the same kind names its flows after its ERP connection (as setup does).
          name: integrationNames.has(tf.name) ? `${tf.name} (${erpName})`.slice(0, 100) : tf.name,
          template: `${plan.template.id}/${tf.key}`,
          templateVersion: plan.template.version,
          ...endsOf(tf, plan.erpId, plan.crmId),
          sourceEntity: tf.sourceEntity,
          destObject: tf.destObject,
          mapping: shape.mapping,
          schedule: shape.schedule,
          enabled: true,
          dependsOn: tf.dependsOn.map((k) => ids.get(k)).filter((v): v is string => Boolean(v)),
          createdAt: at,
          updatedAt: at,
        };
        return [{ row, shape }];
      });

      store.transaction(() => {
        for (const c of created) {
          store.flows.save(c.row);
          recordTemplateBase(ctx, c.row.id, plan.template.version, plan.keyPrefix, c.shape);
          touched.push(c.row.id);
        }
        for (const f of added) if (byChange.get(`add:${f.key}`) === 'mine') store.templateBases.decline(plan.id, f.key, plan.template.version);

        // Changes to existing flows, against a plan that knows the new flows' ids.
        const current = (created.length && planIntegration(ctx, plan.template, plan.erpId, plan.crmId)) || plan;
        for (const f of current.flows) {
          if (!f.row) continue;
          const nextParts = partsOf(f.next);
          let shape = currentShape(f.row);
          let base: PartsBase = f.base;
          let changed = false;
          for (const c of f.changes) {
            const take = byChange.get(c.id);
            if (!take || c.part === null) continue;
            const value = nextParts.get(c.part);
            base = withBasePart(base, c.part, value);
            if (take === 'template') {
              shape = withPart(shape, c.part, value, f.ruleOrder);
              changed = true;
              taken.push(c.id);
            } else kept.push(c.id);
          }
          if (base === f.base) continue;
          if (changed) {
            assertValidSchedule(shape.schedule);
            assertValidMapping(shape.mapping);
            store.flows.save({ ...f.row, schedule: shape.schedule, mapping: shape.mapping, updatedAt: at });
            touched.push(f.row.id);
          }
          store.templateBases.save({ flowId: f.row.id, version: f.row.templateVersion ?? 1, keyPrefix: plan.keyPrefix ?? null, base });
        }

        // A flow with nothing left to decide is at the newest version; its base becomes the newest template's flow.
        for (const f of planIntegration(ctx, plan.template, plan.erpId, plan.crmId)?.flows ?? []) {
          if (!f.row || f.changes.length) continue;
          store.flows.save({ ...f.row, templateVersion: plan.template.version });
          recordTemplateBase(ctx, f.row.id, plan.template.version, plan.keyPrefix, f.next);
        }
      });
      // What was taken may write CRM properties the older version's setup never created: the next run of
      // a flow on the CRM connection makes the newer template's properties first (idempotent).
      if (taken.length) markCrmSetupPending(ctx, plan.template, plan.crmId, `not run yet for version ${plan.template.version} of the template`);
      if (touched.length) {
        onFlowsChanged(touched);
        ctx.events.emit('flows:changed', { flowIds: touched });
      }
      const remaining = planIntegration(ctx, plan.template, plan.erpId, plan.crmId);
      return {
        applied: taken,
        kept,
        flows: touched.map((id) => flowView(ctx, store.flows.get(id)!)),
        remaining: remaining ? upgradeView(ctx, remaining) : null,
      };
    },
  };
}
