// The cost of a dry run, shown before it starts: how many records it expects to read,
// the calls that takes to each system (dry-run-cost.ts), and the CRM account's allowance they count
// against. Finding the record count may itself cost calls — listing the source's keys — and says so.
import { randomUUID } from 'node:crypto';
import type { FlowRow } from '../store/index.ts';
import type { DryRunEstimate } from '../../preload/contract/index.ts';
import type { Connector } from '../../connectors/kit/types.ts';
import { manifestFor } from '../../connectors/index.ts';
import { openFlowRun, closeFlowRun } from './open-flow.ts';
import { zeroCounts, type FlowRun } from './run-types.ts';
import { asDryRunPages, dryRunCalls, pagesOf } from './dry-run-cost.ts';
import type { EngineContext } from './context.ts';
import { accountUsages } from './budget/account-usage.ts';
import { refuseDuringBlackout } from './blackout/connection-blackouts.ts';

type Basis = DryRunEstimate['basis'];

export async function estimateDryRun(ctx: EngineContext, flow: FlowRow, full: boolean): Promise<DryRunEstimate> {
  // Counting lists the ERP's keys: not inside its blackout window, like the dry run itself.
  refuseDuringBlackout(ctx.store, flow, ctx.clock.now());
  const controller = new AbortController();
  const run = openFlowRun(ctx, flow, `estimate-${randomUUID()}`, zeroCounts(), controller.signal, 'dryrun');
  try {
    const { pages, basis, countCalls } = await expectedPages(ctx, run, full);
    const calls = pages ? dryRunCalls(pages, run.dest.readByKeys !== undefined) : null;
    const destSystem = ctx.store.connections.get(flow.destConnectionId)?.system ?? '';
    return {
      flowId: flow.id,
      records: pages ? pages.reduce((a, b) => a + b, 0) : null,
      basis,
      countCalls,
      source: { system: run.sourceSystem, label: labelOf(run.sourceSystem), calls: calls?.source ?? null },
      destination: { system: destSystem, label: labelOf(destSystem), calls: calls?.destination ?? null },
      total: calls ? calls.source + calls.destination : null,
      budget: (await budgetOf(ctx, run.destConnector, destSystem, controller.signal)) ?? (await budgetOf(ctx, run.sourceConnector, run.sourceSystem, controller.signal)),
    };
  } finally {
    controller.abort();
    await closeFlowRun(run);
  }
}

/**
 * The pages the dry run will read. From the watermark it reads what changed since, which nothing can
 * count beforehand: as many as the last run read is the best guess. From the start (first dry run, or
 * `full`) the source lists its keys when it can — the exact count, for a page of keys per call.
 */
async function expectedPages(ctx: EngineContext, run: FlowRun, full: boolean): Promise<{ pages: number[] | null; basis: Basis; countCalls: number }> {
  const fromWatermark = !full && ctx.store.watermarks.get(run.flow.id, run.flow.sourceEntity).value !== null;
  if (fromWatermark) {
    const last = ctx.store.runs.list({ flowId: run.flow.id, limit: 20 }).find((r) => r.finishedAt !== null && r.status !== 'cancelled');
    return last ? { pages: pagesOf(last.counts.read), basis: 'last-run', countCalls: 0 } : { pages: null, basis: 'unknown', countCalls: 0 };
  }
  if (!run.source.keys) return { pages: null, basis: 'unknown', countCalls: 0 };
  const keyPages: number[] = [];
  for await (const keys of run.source.keys(run.signal)) keyPages.push(keys.length);
  return { pages: asDryRunPages(keyPages), basis: 'counted', countCalls: keyPages.length };
}

/**
 * The allowance one end's calls count against, read from the store as the dashboard reads it: the
 * connector only names its account. An end without one, or an account nothing has counted on yet, is
 * left out, not an error.
 */
async function budgetOf(ctx: EngineContext, connector: Connector, system: string, signal: AbortSignal): Promise<DryRunEstimate['budget']> {
  if (!connector.budgetAccount) return null;
  try {
    const account = await connector.budgetAccount(signal);
    const u = accountUsages(ctx.store, ctx.clock.now().getTime()).find((a) => a.account === account);
    return u ? { system, label: u.label, available: Math.max(0, u.limit - u.reserve - u.used), limit: u.limit, window: u.window.kind } : null;
  } catch (e) {
    ctx.logger.warn({ system, err: e instanceof Error ? e.message : String(e) }, 'API allowance unknown for the dry-run estimate');
    return null;
  }
}

const labelOf = (system: string) => manifestFor(system)?.label ?? system;
