// `ml-connector cursors` and `resync FLOW --from DATE` through the real CLI, on the data folder of a
// running workspace with the Sage 300 and HubSpot sandboxes (the CLI works alongside serve): a good date
// re-syncs and prints the estimate and the run; a date that is not one is refused with exit code 2 and its
// own sentence, before anything opens; a date in the future says so.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';

const CLI = join(import.meta.dirname, '..', '..', 'scripts', 'ml-connector.mjs');

/** Runs the CLI without blocking this process: the sandboxes answer from its event loop. */
async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ML_CONNECTOR_DATA_DIR: '' }, timeout: 120_000 });
    return { status: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe('resync and cursors on the command line', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 12, seed: 3 } });
    const flow = env.flows.find((f) => f.template === 'sage300-hubspot/customers')!;
    await env.service.engine.runNow([flow.id], { full: true });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('prints a flow’s cursor', async () => {
    const r = await cli('--data-dir', tmp.dir, 'cursors', 'customers');
    expect(r.status, r.stderr).toBe(0);
    const [cursor] = JSON.parse(r.stdout) as { entity: string; raw: string; timeZone: string; window: { stamp: string } }[];
    expect(cursor).toMatchObject({ entity: 'arCustomers', timeZone: 'UTC', window: { stamp: 'date' } });
    expect(cursor!.raw).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('re-syncs from a date: the estimate on stderr, {estimate, run} on stdout, nothing to write', async () => {
    const from = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const r = await cli('--data-dir', tmp.dir, 'resync', 'customers', '--from', from);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`Re-sync from ${from} 00:00:00 \\(UTC\\): about \\d+ records`));
    const out = JSON.parse(r.stdout) as { estimate: { basis: string }; run: { trigger: string; status: string; resyncFrom: string; counts: { created: number; updated: number } } };
    expect(out.estimate.basis).toBe('audit-history');
    expect(out.run).toMatchObject({ trigger: 'resync', status: 'succeeded', resyncFrom: `${from}T00:00:00.000Z`, counts: { created: 0, updated: 0 } });
  });

  it.each(['2026-02-30', 'yesterday', '12/01/2026'])('refuses --from %s with exit code 2 and says what a date looks like', async (bad) => {
    const r = await cli('--data-dir', tmp.dir, 'resync', 'customers', '--from', bad);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`ml-connector: --from "${bad}" is not a date: use a date such as 2026-12-01`);
  });

  it('refuses a date in the future', async () => {
    const r = await cli('--data-dir', tmp.dir, 'resync', 'customers', '--from', new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/is in the future[\s\S]*Pick a date in the past/);
  });
});
