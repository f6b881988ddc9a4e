// The CLI's data commands. Each opens the data folder, goes through the same service as the UI, prints
// JSON on stdout and explains failures on stderr.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dryRunCostText, resyncFromSchema, type Run } from '../../preload/contract/index.ts';
import { withService, resolveFlowId } from './one-shot.ts';
import { importWorkspace, exportWorkspace } from '../workspace/import-export.ts';
import { parseWorkspaceText } from '../workspace/workspace-text.ts';
import { flowView } from '../service/views.ts';
import { blackoutRefusal } from '../service/blackouts-service.ts';
import { waitForFreeFlows } from './busy-flows.ts';
import type { RunRow } from '../store/index.ts';
import { askAfterBlackouts } from './after-blackout.ts';

/** How long `sync` waits for another process's run of a flow before its refusal stands. */
const BUSY_FLOW_WAIT_MS = 10 * 60_000;

const out = (v: unknown) => process.stdout.write(JSON.stringify(v, null, 2) + '\n');

export async function importCommand(dataDir: string, file: string): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`ml-connector: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const raw = parseWorkspaceText(text, file);
  // Import is all or nothing: a refused file into a folder that did not exist leaves no empty workspace
  // behind (a mistyped --data-dir stays mistyped, and the next import there starts clean).
  const created = !existsSync(dataDir);
  try {
    return await withService(dataDir, async (s) => {
      out(await importWorkspace({ ctx: s.ctx, onFlowsChanged: (ids) => s.engine.flowsChanged(ids) }, raw));
      return 0;
    });
  } catch (e) {
    if (created) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

export async function exportCommand(dataDir: string, withSecrets: boolean): Promise<number> {
  return withService(dataDir, async (s) => {
    if (withSecrets) process.stderr.write('ml-connector: the export contains secrets in plain text; keep the file safe.\n');
    out(await exportWorkspace(s.impl, s.ctx, { withSecrets }));
    return 0;
  });
}

export async function syncCommand(dataDir: string, flows: string[], full: boolean, force = false): Promise<number> {
  return withService(dataDir, async (s) => {
    const flowIds = flows.length ? flows.map((f) => resolveFlowId(s, f)) : undefined;
    // Inside an ERP's blackout window only --force syncs (and says what it does); nothing is queued.
    const refusal = force ? null : blackoutRefusal(s.ctx.store, flowIds);
    if (refusal) throw refusal;
    const names = new Map(s.ctx.store.flows.list().map((f) => [f.id, f.name]));
    const unsubscribe = s.events.subscribe((e) => {
      if (e.name === 'run:progress') {
        const p = e.payload as { flowId: string; read: number; written: number; failed: number; recordsPerSecond: number };
        process.stderr.write(`${names.get(p.flowId)}: read ${p.read}, written ${p.written}, failed ${p.failed} (${p.recordsPerSecond}/s)\n`);
      } else if (e.name === 'run:finished') {
        const r = e.payload as Run;
        process.stderr.write(`${names.get(r.flowId)}: ${r.status} — ${JSON.stringify(r.counts)}${r.error ? ` — ${r.error.message}` : ''}\n`);
      }
    });
    if (force) {
      const held = blackoutRefusal(s.ctx.store, flowIds);
      if (held) process.stderr.write(`--force: ${held.message} The run calls it anyway.\n`);
    }
    let runs = await s.engine.runNow(flowIds, { full, force });
    // Flows another process was running (serve, the desktop app): wait for those runs, then run them here.
    // Such a refusal is no run (the runs table keeps nothing of it); a refusal that outlasts the wait stands
    // in the output, without a run id.
    const refused = (r: RunRow) => r.error?.code === 'ALREADY_RUNNING';
    const busy = runs.filter(refused).map((r) => r.flowId);
    for (const r of runs.filter(refused)) process.stderr.write(`${names.get(r.flowId)}: ${r.error!.message} Waiting for that run to finish, then running it here.\n`);
    if (busy.length) {
      const free = await waitForFreeFlows(busy, { holder: (id) => s.ctx.store.locks.holder(id), timeoutMs: BUSY_FLOW_WAIT_MS });
      const again = free.length ? await s.engine.runNow(free, { full, force }) : [];
      runs = runs.map((r) => again.find((a) => a.flowId === r.flowId) ?? r);
    }
    unsubscribe();
    const totals = runs.reduce(
      (t, r) => {
        for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += r.counts[k];
        return t;
      },
      { read: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, waiting: 0 },
    );
    // `linked`: records of the flow that exist in the destination (its id map) — after a sync this equals
    // the destination's count of records that came from the source.
    out({
      runs: runs.map((r) => ({ flow: names.get(r.flowId), flowId: r.flowId, runId: refused(r) ? null : r.id, status: r.status, counts: r.counts, linked: s.ctx.store.idMap.count(r.flowId), error: r.error })),
      totals,
    });
    return runs.some((r) => r.status === 'failed' || r.counts.failed > 0) ? 1 : 0;
  });
}

export async function statusCommand(dataDir: string): Promise<number> {
  return withService(dataDir, async (s) => {
    const usage = await s.impl['budget:usage']({});
    const paused = new Map(usage.paused.map((p) => [p.flowId, p.resumesAt]));
    // The spent account by its one name, as the dashboard and `budget` say it.
    const spentAccount = (flowId: string) => usage.accounts.find((a) => a.paused.some((p) => p.flowId === flowId))?.label;
    out({
      flows: s.ctx.store.flows.list().map((f) => {
        const v = flowView(s.ctx, f);
        // A flow an exhausted API budget paused says until when (its last run recorded it).
        const pausedUntil = paused.get(f.id) ?? null;
        const account = pausedUntil ? spentAccount(f.id) : undefined;
        return { id: v.id, name: v.name, state: v.state, enabled: v.enabled, schedule: v.schedule, lastRun: v.lastRun, parked: s.ctx.store.parked.count(f.id), ...(pausedUntil && { pausedByApiBudgetUntil: pausedUntil }), ...(account && { pausedByApiBudgetOf: account }) };
      }),
      alerts: s.ctx.store.alerts.list(false),
    });
    return 0;
  });
}

export async function auditCommand(dataDir: string, opts: { status?: string; flow?: string; limit: number; text?: string; unresolved?: boolean }): Promise<number> {
  return withService(dataDir, async (s) => {
    const flowId = opts.flow ? resolveFlowId(s, opts.flow) : undefined;
    const r = await s.impl['audit:query']({
      limit: opts.limit,
      ...(flowId && { flowId }),
      ...(opts.status && { actions: [opts.status as 'failed'] }),
      ...(opts.text && { text: opts.text }),
      ...(opts.unresolved && { unresolvedOnly: true }),
    });
    out(r.events);
    return 0;
  });
}

/**
 * `replay IDS | --failed`: the replay's results as JSON; exit 1 when a record failed again. Inside the
 * blackout window of an ERP it would call, the engine refuses it at once, naming the window's end: the
 * refusal stands (exit 1), as for `sync` — a replay writes, so it is not started unattended at the end.
 */
export async function replayCommand(dataDir: string, ids: string[], opts: { failed?: boolean; flow?: string; send?: 'auto' | 'stored' | 'reread' }): Promise<number> {
  return withService(dataDir, async (s) => {
    const flowId = opts.flow ? resolveFlowId(s, opts.flow) : undefined;
    const mode = opts.send ?? 'auto';
    const input = opts.failed ? { failedIn: { ...(flowId && { flowId }) }, mode } : { ids: ids.map((i) => Number(i)), mode };
    if (!opts.failed && (!ids.length || input.ids!.some((n) => !Number.isInteger(n)))) {
      process.stderr.write('ml-connector: replay takes audit event ids (numbers) or --failed.\n');
      return 2;
    }
    const r = await s.impl['audit:replay'](input as Parameters<typeof s.impl['audit:replay']>[0]);
    out(r);
    return r.results.some((x) => x.action === 'failed' || x.action === 'waiting') ? 1 : 0;
  });
}

/**
 * `dryrun FLOW`: what a run of the flow would do, as JSON; writes nothing. Its API cost comes first, on
 * stderr (stdout stays JSON). Inside a blackout window it waits for the window's end. Exit 1 when records
 * would fail.
 */
export async function dryRunCommand(dataDir: string, flow: string, opts: { limit: number; full: boolean }): Promise<number> {
  return withService(dataDir, async (s) => {
    const flowId = resolveFlowId(s, flow);
    // Inside a blackout window of its ERP both are refused at once: wait for the window's end here.
    const say = (line: string) => process.stderr.write(`${line}\n`);
    const cost = await askAfterBlackouts(() => s.impl['runs:dryRunEstimate']({ flowId, full: opts.full }), say, { then: 'the dry run starts then' });
    process.stderr.write(`ml-connector: dry run cost: ${dryRunCostText(cost)}\n`);
    const r = await askAfterBlackouts(() => s.impl['runs:dryRun']({ flowId, limit: opts.limit, full: opts.full }), say, { then: 'the dry run starts then' });
    out(r);
    return r.counts.fail > 0 ? 1 : 0;
  });
}

/** `cursors [FLOW]`: where each flow is — watermark (raw and on the connection's clock), overlap, time zone. */
export async function cursorsCommand(dataDir: string, flow: string | undefined): Promise<number> {
  return withService(dataDir, async (s) => {
    out(await s.impl['flows:cursors'](flow ? { flowId: resolveFlowId(s, flow) } : undefined));
    return 0;
  });
}

/**
 * `resync FLOW --from DATE`: re-read what changed since DATE and write what differs; waits for the run.
 * A date that is not one is refused before anything opens (exit 2); exit 1 when the run failed or records did.
 */
export async function resyncCommand(dataDir: string, flow: string, from: string, opts: { estimateOnly: boolean }): Promise<number> {
  const parsed = resyncFromSchema.safeParse(from);
  if (!parsed.success) {
    process.stderr.write(`ml-connector: --from "${from}" is ${parsed.error.issues[0]?.message ?? 'not a date'}.\n`);
    return 2;
  }
  return withService(dataDir, async (s) => {
    const input = { flowId: resolveFlowId(s, flow), from: parsed.data };
    const estimate = await s.impl['runs:resyncEstimate'](input);
    if (opts.estimateOnly) {
      out({ estimate });
      return 0;
    }
    process.stderr.write(`Re-sync from ${estimate.fromLocal} (${estimate.timeZone}): about ${estimate.records} records, ${estimate.calls.sourceReads} source reads, ${estimate.calls.destinationReads} destination reads, at most ${estimate.calls.destinationWritesAtMost} write batches. ${estimate.basisNote}\n`);
    let finished: (r: Run) => void = () => undefined;
    const done = new Promise<Run>((resolve) => (finished = resolve));
    let runId: string | null = null;
    const early: Run[] = [];
    const unsubscribe = s.events.subscribe((e) => {
      if (e.name !== 'run:finished') return;
      const r = e.payload as Run;
      if (runId === null) early.push(r);
      else if (r.id === runId) finished(r);
    });
    try {
      const queued = await s.impl['runs:resync'](input);
      runId = queued.id;
      const run = early.find((r) => r.id === runId) ?? (await done);
      out({ estimate, run });
      return run.status === 'failed' || run.counts.failed > 0 ? 1 : 0;
    } finally {
      unsubscribe();
    }
  });
}
