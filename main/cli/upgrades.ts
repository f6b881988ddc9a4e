// `ml-connector upgrades [--apply FLOW ...] [--conflicts keep|take]`: the template updates waiting for a
// decision, as JSON; with --apply, the changes of those flows (a flow's name, id or template key; `all`)
// are taken from the newest template. A part the admin edited (a conflict) stays as it is unless
// --conflicts says to keep it for good (keep) or to take the template's (take).
import type { TemplateUpgrade, UpgradeDecision } from '../../preload/contract/index.ts';
import { ServiceError } from '../service/service-error.ts';
import { withService } from './one-shot.ts';

const out = (v: unknown) => process.stdout.write(JSON.stringify(v, null, 2) + '\n');

export interface UpgradesOptions {
  apply: string[];
  conflicts?: 'keep' | 'take';
}

/** The decisions for the flows named (every flow for `all`), per integration. */
export function decisionsFor(upgrades: TemplateUpgrade[], refs: string[], conflicts: UpgradesOptions['conflicts']): Map<string, UpgradeDecision[]> {
  const all = refs.some((r) => r.toLowerCase() === 'all');
  const named = (f: TemplateUpgrade['flows'][number]) => all || refs.some((r) => r === f.flowId || r === f.flowKey || r.toLowerCase() === f.flowName.toLowerCase());
  const unknown = all ? [] : refs.filter((r) => !upgrades.some((u) => u.flows.some((f) => r === f.flowId || r === f.flowKey || r.toLowerCase() === f.flowName.toLowerCase())));
  if (unknown.length) {
    const offered = upgrades.flatMap((u) => u.flows.map((f) => f.flowName));
    throw new ServiceError('NOT_FOUND', `No template update is waiting for "${unknown[0]}".`, offered.length ? `Flows with updates: ${offered.join(', ')} (or "all").` : 'Every flow is at its template\'s newest version.');
  }
  const byUpgrade = new Map<string, UpgradeDecision[]>();
  for (const u of upgrades) {
    const decisions = u.flows.filter(named).flatMap((f) =>
      f.changes.flatMap((c): UpgradeDecision[] => (!c.conflict ? [{ change: c.id, take: 'template' }] : conflicts ? [{ change: c.id, take: conflicts === 'take' ? 'template' : 'mine' }] : [])),
    );
    if (decisions.length) byUpgrade.set(u.id, decisions);
  }
  return byUpgrade;
}

export async function upgradesCommand(dataDir: string, opts: UpgradesOptions): Promise<number> {
  return withService(dataDir, async (s) => {
    const upgrades = await s.impl['flows:templateUpgrades'](undefined);
    if (!opts.apply.length) {
      out(upgrades);
      return 0;
    }
    const results = [];
    for (const [upgradeId, decisions] of decisionsFor(upgrades, opts.apply, opts.conflicts)) {
      const r = await s.impl['flows:applyTemplateUpgrade']({ upgradeId, decisions });
      results.push({ upgradeId, applied: r.applied, kept: r.kept, flows: r.flows.map((f) => ({ id: f.id, name: f.name, templateVersion: f.templateVersion })), remaining: r.remaining });
    }
    out(results);
    const left = results.flatMap((r) => r.remaining?.flows.flatMap((f) => f.changes.filter((c) => c.conflict).map((c) => `${f.flowName}: ${c.label}`)) ?? []);
    if (left.length && !opts.conflicts) process.stderr.write(`ml-connector: kept as you have them (conflicts, undecided): ${left.join('; ')}. Decide with --conflicts keep or --conflicts take.\n`);
    return 0;
  });
}
