// A CLI sync next to a running serve/desktop on the same data folder: one run of a flow at a time,
// across processes (the store's flow lock). Two services on one folder stand in for the two processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { createAppService, type FullAppService } from '../../main/service/index.ts';
import { makeTempDir } from '../support/tmp-dir.ts';

describe('one run of a flow at a time across processes', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let other: FullAppService;

  beforeAll(async () => {
    tmp = makeTempDir();
    // Slow HubSpot answers keep the first run busy while the second one tries.
    // (2,500 customers: the engine writes a page's batches side by side, so 400 finished within the 300 ms below.)
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 2500 }, hubspot: { faults: 'slow=1', timeScale: 20 } });
    other = createAppService({ dataDir: tmp.dir, mode: 'headless' });
  });
  afterAll(async () => {
    await other?.close();
    await env?.close();
    tmp?.cleanup();
  });

  it('refuses the second run of a flow while the first holds it, then runs it once it is free', async () => {
    const customers = env.flows.find((f) => f.template === 'sage300-hubspot/customers')!.id;
    const first = env.service.engine.runNow([customers]);
    await new Promise((r) => setTimeout(r, 300));
    const [second] = await other.engine.runNow([customers]);
    expect(second!.status).toBe('failed');
    expect(second!.error?.code).toBe('ALREADY_RUNNING');
    expect(second!.error?.message).toMatch(/already running/);
    const [done] = await first;
    expect(done!.status).toBe('succeeded');
    const [after] = await other.engine.runNow([customers]);
    expect(after!.status).toBe('succeeded');
    expect(after!.counts.created + after!.counts.updated).toBe(0);
  });
});
