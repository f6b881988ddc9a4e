// Template upgrades: when a newer version of an integration's template adds or changes flows or
// mappings, each flow built from an older version is offered the changes as a three-way diff (the
// version it was built from, the newest, the flow now). Nothing changes without the admin's decision,
// and a part the admin edited is a conflict kept as theirs unless they take the template's.
import { z } from 'zod';
import { call, idSchema } from './define.ts';
import { flowSchema } from './flows.ts';

export const upgradeChangeKindSchema = z.enum(['flowAdded', 'ruleAdded', 'ruleChanged', 'ruleRemoved', 'keyChanged', 'filterChanged', 'scheduleChanged', 'settingChanged']);
export type UpgradeChangeKind = z.infer<typeof upgradeChangeKindSchema>;

export const upgradeChangeSchema = z.object({
  /** `<flowId>:<part>` for a change to a flow, `add:<template flow key>` for a flow the new version adds. */
  id: z.string(),
  kind: upgradeChangeKindSchema,
  /** What changes, in the admin's words: `Rule "city"`, `Record filter`, `New flow "Payments → Invoices"`. */
  label: z.string(),
  /** The old template's value, the new template's and the flow's now (null: none), as short text. */
  before: z.string().nullable(),
  template: z.string().nullable(),
  current: z.string().nullable(),
  /**
   * The admin changed this part since the flow was built (or its original is unknown): it is kept as the
   * admin has it unless they explicitly take the template's.
   */
  conflict: z.boolean(),
});
export type UpgradeChange = z.infer<typeof upgradeChangeSchema>;

export const flowUpgradeSchema = z.object({
  /** Null for a flow the new version adds. */
  flowId: idSchema.nullable(),
  flowKey: z.string(),
  flowName: z.string(),
  /** The template version the flow was built from (null for a new flow). */
  fromVersion: z.number().int().nullable(),
  changes: z.array(upgradeChangeSchema),
});
export type FlowUpgrade = z.infer<typeof flowUpgradeSchema>;

export const templateUpgradeSchema = z.object({
  /** `<template>~<ERP connection id>~<CRM connection id>`: one integration. */
  id: z.string(),
  template: z.string(),
  /** "Sage 300 ↔ HubSpot (Company A, Portal)": the template and its two connections. */
  label: z.string(),
  erpConnectionId: idSchema,
  crmConnectionId: idSchema,
  toVersion: z.number().int(),
  flows: z.array(flowUpgradeSchema),
});
export type TemplateUpgrade = z.infer<typeof templateUpgradeSchema>;

export const upgradeDecisionSchema = z.object({
  change: z.string(),
  /** `template`: take the new template's (creates a new flow); `mine`: keep the flow as it is (or do not create it). */
  take: z.enum(['template', 'mine']),
});
export type UpgradeDecision = z.infer<typeof upgradeDecisionSchema>;

export const templateUpgradeCalls = {
  list: call('flows:templateUpgrades', 'Template updates waiting for a decision: per integration, the changes to each flow built from an older version.', z.object({}).optional(), z.array(templateUpgradeSchema)),
  apply: call(
    'flows:applyTemplateUpgrade',
    "Decide changes of one integration's template update: take the template's or keep the flow's. Undecided changes stay offered.",
    z.object({ upgradeId: z.string(), decisions: z.array(upgradeDecisionSchema).min(1).max(2000) }),
    z.object({
      /** Change ids whose template value was taken, and those kept as the flow had them. */
      applied: z.array(z.string()),
      kept: z.array(z.string()),
      /** Flows created or changed. */
      flows: z.array(flowSchema),
      /** What is still undecided for the integration (null: nothing). */
      remaining: templateUpgradeSchema.nullable(),
    }),
  ),
};
