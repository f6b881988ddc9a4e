// `ml-connector dryrun FLOW` prints what the dry run will cost before it starts: on
// stderr, so stdout stays the report's JSON. Against the Sage 300 and HubSpot sandboxes in this process,
// on the data folder of a demo workspace whose flows have not run yet (the records are counted first).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DryRunReport } from '../../preload/contract/index.ts';
import { sageApi, type SageLine } from '../support/sandboxes.ts';
import { withDemo } from '../support/demo.ts';

const CLI = join(import.meta.dirname, '..', '..', 'scripts', 'ml-connector.mjs');

/** The CLI as a child process, asynchronously: the sandboxes it talks to answer from this process. */
function cli(dataDir: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('ml-connector dryrun', () => {
  const demo = withDemo({ systems: ['sage300', 'hubspot'], sage300: { records: 40, seed: 3 } });

  it('prints the cost first, on stderr, then the report as JSON', async () => {
    const customers = await sageApi(demo.env.sandboxes.sage300!.line as unknown as SageLine).all('AR/ARCustomers?$select=CustomerNumber');
    const r = await cli(demo.dataDir, 'dryrun', 'Customers → Companies', '--limit', '1');
    expect(r.status, r.stderr).toBe(0);
    const n = customers.length;
    expect(r.stderr).toMatch(new RegExp(`^ml-connector: dry run cost: About \\d+ calls?: \\d+ to Sage 300, \\d+ to HubSpot \\(of [\\d,]+ left today\\), for ${n} records \\(counted just now in \\d+ calls? to Sage 300\\)\\.$`, 'm'));
    const report = JSON.parse(r.stdout) as DryRunReport;
    expect(report.counts.read).toBe(n);
    expect(report.items).toHaveLength(1);
  }, 120_000);
});
