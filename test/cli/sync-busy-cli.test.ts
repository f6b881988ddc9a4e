// `ml-connector sync` next to a serve that is running one of the flows (the demo runs a flow as soon as a
// webhook arrives, e.g. for sync's own writes): the CLI waits for that run to end, then runs the flow
// itself and exits 0 — no refusal counted as a failure, nor recorded as a failed run, and still never two
// runs of one flow at once.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';

const CLI = join(import.meta.dirname, '..', '..', 'scripts', 'ml-connector.mjs');

/** Runs the CLI without blocking this process; `onStderr` sees its stderr as it comes. */
function cli(args: string[], onStderr: (soFar: string) => void): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ML_CONNECTOR_DATA_DIR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => onStderr((stderr += c)));
    child.on('error', reject);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('sync while another process runs the flow', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 12, seed: 5 } });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('waits for that run to finish, then runs the flow and exits 0', async () => {
    const flow = env.flows.find((f) => f.template === 'sage300-hubspot/customers')!;
    // This process (alive, heartbeat fresh) holds the flow as a serve's running run would.
    expect(env.service.ctx.store.locks.acquire(flow.id, 'serve-stand-in').ok).toBe(true);
    const waiting = `Flow "${flow.name}" is already running (in serve-stand-in, pid ${process.pid}). Waiting for that run to finish, then running it here.`;
    let released = false;
    // The stand-in's run ends once the CLI has said it waits for it.
    const r = await cli(['--data-dir', tmp.dir, 'sync', 'customers'], (stderr) => {
      if (released || !stderr.includes(waiting)) return;
      released = true;
      setTimeout(() => env.service.ctx.store.locks.release(flow.id, 'serve-stand-in'), 1_000);
    });
    expect(released, r.stderr).toBe(true);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { runs: { flowId: string; status: string; counts: { created: number } }[] };
    expect(out.runs).toHaveLength(1);
    expect(out.runs[0]).toMatchObject({ flowId: flow.id, status: 'succeeded', counts: { created: 12 } });
    // The refused first attempt was no run: the runs table holds the one that ran, no failed manual run.
    const runs = env.service.ctx.store.runs.list({ flowId: flow.id, limit: 10 });
    expect(runs.map((r) => [r.trigger, r.status, r.error?.code ?? null])).toEqual([['manual', 'succeeded', null]]);
  });
});
