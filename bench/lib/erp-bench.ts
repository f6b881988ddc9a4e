// The parts an ERP → HubSpot benchmark case shares (bench/sapb1.ts, bench/sage100.ts): a data folder
// wired to the running sandboxes through the connector's own demo capability and one template; a read
// of one source entity through the real connector in this process (records/s, requests); the initial
// load as `ml-connector sync` in a child against HubSpot at a scaled Professional rate limit.
import { manifestFor } from '../../connectors/index.ts';
import { testContext } from '../../connectors/kit/testing/context.ts';
import { createAppService } from '../../main/service/index.ts';
import { adminCall, runCli, type SandboxChild } from './children.ts';

export const HUBSPOT_BATCH = 100;
export const PRO = { burst: 190, intervalMs: 10_000 };

export interface HubCounters {
  total: number;
  byEndpoint: Record<string, number>;
  byStatus: Record<string, number>;
}

/** Connections from the sandboxes' lines (as the demo makes them) and every flow of the template. */
export async function setupTemplateWorkspace(dataDir: string, erp: { system: string; line: Record<string, unknown> }, hub: SandboxChild, template: string): Promise<void> {
  const demo = manifestFor(erp.system)?.capabilities?.demo;
  if (!demo) throw new Error(`${erp.system} has no demo capability`);
  const service = createAppService({ dataDir, mode: 'headless', schedule: false });
  try {
    const { settings, secrets } = demo.connection(erp.line);
    const e = await service.impl['connections:create']({ system: erp.system as 'sapb1', name: demo.connectionName, settings, secrets });
    const h = hub.line as unknown as { url: string; token: string };
    const c = await service.impl['connections:create']({ system: 'hubspot', name: 'HubSpot (sandbox)', settings: { baseUrl: h.url }, secrets: { accessToken: h.token } });
    await service.impl['flows:fromTemplate']({ template, erpConnectionId: e.id, crmConnectionId: c.id });
  } finally {
    await service.close();
  }
}

export interface ReadFigures {
  entity: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  pages: number;
}

/** Reads one source entity to the end through the real connector (settings and secrets from the sandbox line). */
export async function readThrough(system: string, line: Record<string, unknown>, entity: string, settingsOverride: Record<string, unknown> = {}, onRecords?: (records: Record<string, unknown>[]) => void): Promise<ReadFigures> {
  const manifest = manifestFor(system);
  const demo = manifest?.capabilities?.demo;
  if (!manifest || !demo) throw new Error(`${system} has no demo capability`);
  const { settings, secrets } = demo.connection(line);
  const config = manifest.configSchema.parse({ ...settings, ...settingsOverride });
  const connector = manifest.create(config, testContext(secrets));
  try {
    const source = connector.sources[entity];
    if (!source) throw new Error(`${system} has no source ${entity}`);
    let records = 0;
    let pages = 0;
    const t0 = performance.now();
    for await (const page of source.read({ since: null, signpost: new Date() })) {
      records += page.records.length;
      pages++;
      onRecords?.(page.records);
    }
    const seconds = (performance.now() - t0) / 1000;
    return { entity, records, seconds, recordsPerSecond: records / seconds, pages };
  } finally {
    await connector.close?.();
  }
}

export interface LoadFigures {
  wallSeconds: number;
  lowerBoundSeconds: number;
  boundRatio: number;
  requests: number;
  minimumRequests: number;
  requestsPerMinimum: number;
  http429: number;
  timeScale: number;
  failed: number;
  runs: { flow: string; status: string; counts: Record<string, number> }[];
  requestsByEndpoint: Record<string, number>;
}

/**
 * The initial load into an empty HubSpot at the Professional tier (190 requests per 10 s, the window
 * divided by timeScale), against the lower bound: the fewest requests that carry the data ÷ that rate.
 */
export async function initialLoad(dataDir: string, hub: SandboxChild, minimumRequests: number, timeScale: number, log: (l: string) => void): Promise<LoadFigures> {
  await adminCall(`${hub.line.admin}/tier`, 'PUT', { tier: 'professional', timeScale });
  await adminCall(`${hub.line.admin}/counters/reset`, 'POST');
  const intervalMs = PRO.intervalMs / timeScale;
  const lowerBoundSeconds = (minimumRequests * intervalMs) / PRO.burst / 1000;
  const t0 = performance.now();
  const r = await runCli(dataDir, ['sync'], { timeoutMs: 20 * 60_000, onLine: (l) => /succeeded|partial|failed/.test(l) && log(l) });
  const wallSeconds = (performance.now() - t0) / 1000;
  const counters = await adminCall<HubCounters>(`${hub.line.admin}/counters`);
  let summary: { runs: { flow: string; status: string; counts: Record<string, number> }[]; totals: Record<string, number> };
  try {
    summary = JSON.parse(r.stdout) as typeof summary;
  } catch {
    throw new Error(`the sync printed no summary (exit ${r.code}): ${r.stderr.slice(-800)}`);
  }
  return {
    wallSeconds, lowerBoundSeconds, boundRatio: lowerBoundSeconds / wallSeconds,
    requests: counters.total, minimumRequests, requestsPerMinimum: counters.total / minimumRequests,
    http429: counters.byStatus['429'] ?? 0, timeScale, failed: summary.totals.failed ?? 0,
    runs: summary.runs.map((x) => ({ flow: x.flow, status: x.status, counts: x.counts })),
    requestsByEndpoint: counters.byEndpoint,
  };
}

/** Full HubSpot batches for n objects. */
export const batches = (n: number): number => Math.ceil(n / HUBSPOT_BATCH);
