// `ml-connector dryrun FLOW` prints what the dry run will cost before it starts: on
// stderr, so stdout stays the report's JSON. Against the Sage 300 and HubSpot sandboxes in this process,
// on the data folder of a demo workspace whose flows have not run yet (the records are counted first).
import { describe, expect, it } from 'vitest';
import type { DryRunReport } from '../../preload/contract/index.ts';
import { sageApi, type SageLine } from '../support/sandboxes.ts';
import { withDemo } from '../support/demo.ts';
import { runCli as cli } from '../support/cli-child.ts';

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
