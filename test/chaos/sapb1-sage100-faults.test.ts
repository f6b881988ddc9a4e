// Faults on the SAP Business One and Sage 100 side (no process kills: the Sage 300 chaos run covers
// those for the engine): the Service Layer answers 502/503 from its balancer, resets connections and drops
// sessions at random; the Sage 100 agent reports locked files, a busy queue and ODBC down. Runs are
// repeated until they succeed; afterwards HubSpot holds exactly one record per SAP / Sage 100 key —
// nothing lost, nothing duplicated — and a further run writes nothing.
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf } from '../support/sandboxes.ts';

describe('SAP B1 and Sage 100 under faults', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({
      systems: ['sapb1', 'sage100', 'hubspot'], dataDir: tmp.dir,
      sapb1: { records: 60, seed: 21, faults: '502=0.05,503=0.08,reset=0.04,expire=0.06' },
      sage100: { records: 60, seed: 21, faults: 'locked=0.15,busy=0.1,odbcdown=0.05' },
    });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('every flow ends succeeded with one HubSpot record per source key, and a further run writes nothing', async () => {
    const flows = env.flows.filter((f) => /^(sapb1|sage100)-hubspot\//.test(f.template ?? ''));
    let pending = flows.map((f) => f.id);
    let rounds = 0;
    let failedRuns = 0;
    while (pending.length && rounds < 12) {
      rounds++;
      const runs = await env.service.engine.runNow(pending);
      failedRuns += runs.filter((r) => r.status !== 'succeeded').length;
      pending = runs.filter((r) => r.status !== 'succeeded' || r.counts.failed > 0 || r.counts.waiting > 0).map((r) => r.flowId);
    }
    expect(pending).toEqual([]);
    // The faults really happened (answered by the sandboxes, absorbed by retries and re-logins).
    const sapCounters = (await (await fetch(`${String(env.sandboxes.sapb1!.line.admin)}/counters`)).json()) as { byStatus: Record<string, number> };
    const agentLine = env.sandboxes.sage100!.line as { admin: string; ca: string };
    const dispatcher = new Agent({ connect: { ca: agentLine.ca } });
    const agentInfo = (await (await request(agentLine.admin, { dispatcher })).body.json()) as { faults: { drawn: Record<string, number> } };
    await dispatcher.close();
    const sapFaults = (sapCounters.byStatus['502'] ?? 0) + (sapCounters.byStatus['503'] ?? 0) + (sapCounters.byStatus['401'] ?? 0);
    const agentFaults = Object.values(agentInfo.faults.drawn).reduce((a, n) => a + n, 0);
    process.stderr.write(`faults: SAP ${JSON.stringify(sapCounters.byStatus)}, agent ${JSON.stringify(agentInfo.faults.drawn)}; ${rounds} rounds, ${failedRuns} runs stopped and resumed\n`);
    expect(sapFaults).toBeGreaterThan(0);
    expect(agentFaults).toBeGreaterThan(0);

    const hub = hubspotAdmin(hubspotSandboxOf(env).url);
    for (const [type, key] of [['companies', 'ml_sapb1_card_code'], ['contacts', 'ml_sapb1_contact_key'], ['invoices', 'ml_sapb1_doc_entry'], ['companies', 'ml_sage100_customer_key'], ['contacts', 'ml_sage100_contact_key'], ['invoices', 'ml_sage100_invoice_key']] as const) {
      const keys = (await hub.records(type)).map((r) => r.properties[key]).filter((k): k is string => !!k);
      expect(keys.length, `${type} by ${key}`).toBeGreaterThan(0);
      expect(new Set(keys).size, `${type} by ${key}: duplicates`).toBe(keys.length);
    }
    // Counts against the sources, read the way an independent client would (the SAP sandbox's admin).
    const sapAdmin = String(env.sandboxes.sapb1!.line.admin);
    const partners = (await (await fetch(`${sapAdmin}/records/BusinessPartners?limit=1000`)).json()) as { results: { CardType: string }[] };
    const companies = (await hub.records('companies')).filter((c) => c.properties.ml_sapb1_card_code);
    expect(companies).toHaveLength(partners.results.filter((p) => p.CardType === 'cCustomer').length);

    const again = await env.service.engine.runNow(flows.map((f) => f.id));
    for (const r of again) expect(r.status === 'succeeded' ? r.counts.created + r.counts.updated : 0, JSON.stringify(r)).toBe(0);
  }, 240_000);
});
