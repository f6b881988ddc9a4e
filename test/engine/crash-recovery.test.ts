// kill -9 of the sync process in the middle of an initial load, three times, then a clean finish:
// nothing lost, nothing duplicated. The sync runs as a real child process (`ml-connector sync`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, sageApi, type SageLine, hubspotSandboxOf } from '../support/sandboxes.ts';

const CLI = join(import.meta.dirname, '..', '..', 'scripts', 'ml-connector.mjs');

/** Runs `sync` and kills it with SIGKILL once it has reported `afterLines` progress lines (or lets it finish). */
function syncProcess(dataDir: string, flows: string[], killAfterLines: number | null): Promise<{ killed: boolean; code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'sync', ...flows], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let stdout = '';
    let killed = false;
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => {
      lines += c.toString().split('\n').filter((l) => / read \d+/.test(l)).length;
      if (killAfterLines !== null && !killed && lines >= killAfterLines) {
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 150));
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ killed, code, stdout }));
  });
}

describe('crash recovery', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;

  beforeAll(async () => {
    tmp = makeTempDir();
    // Slow HubSpot answers keep the load long enough to be interrupted in the middle.
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 3000, seed: 5 }, hubspot: { faults: 'slow=0.1' } });
    await env.service.close(); // the child processes own the data folder from here
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('loses nothing and duplicates nothing across three kill -9 and a restart', async () => {
    let kills = 0;
    for (let i = 0; i < 3; i++) {
      // Each restart resumes with less left to do, so later kills come after fewer progress lines.
      const r = await syncProcess(tmp.dir, ['customers', 'contacts'], 1 + i);
      if (r.killed && r.code === null) kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(2);
    const final = await syncProcess(tmp.dir, ['customers', 'contacts'], null);
    expect(final.code).toBe(0);
    const summary = JSON.parse(final.stdout) as { runs: { status: string }[] };
    expect(summary.runs.every((r) => r.status === 'succeeded')).toBe(true);

    const sage = sageApi(env.sandboxes.sage300!.line as unknown as SageLine);
    const hub = hubspotAdmin(hubspotSandboxOf(env).url);
    const customers = await sage.all<{ CustomerNumber: string; ContactName: string; ContactsEmail: string; ContactsPhone: string }>('AR/ARCustomers?$select=CustomerNumber,ContactName,ContactsEmail,ContactsPhone');
    const companies = await hub.records('companies');
    const numbers = companies.map((c) => c.properties.ml_sage300_customer_number);
    expect(new Set(numbers).size).toBe(companies.length); // no duplicates
    expect(new Set(numbers)).toEqual(new Set(customers.map((c) => c.CustomerNumber.trim()))); // no loss
    const contacts = (await hub.records('contacts')).map((c) => c.properties.ml_sage300_contact_key);
    const withContact = customers.filter((c) => c.ContactName?.trim() || c.ContactsEmail?.trim() || c.ContactsPhone?.trim());
    expect(new Set(contacts).size).toBe(contacts.length);
    expect(contacts.length).toBe(withContact.length);
  });
});
