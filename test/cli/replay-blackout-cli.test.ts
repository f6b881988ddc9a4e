// `ml-connector replay` inside a blackout window of the ERP it would call: refused at once, like `sync`
// without --force, with the window's end and what to do on stderr, exit 1, nothing sent and the failures
// still open; a replay of stored payloads that needs no call to that ERP goes. Against the Sage 300 and
// HubSpot sandboxes in this process, on the data folder of a demo workspace with HubSpot's two refusals.
import { beforeAll, describe, expect, it } from 'vitest';
import type { OutputOf } from '../../preload/contract/index.ts';
import { hubspotAdmin, hubspotSandboxOf, sageApi, type SageLine } from '../support/sandboxes.ts';
import { withDemo } from '../support/demo.ts';
import { runCli as cli } from '../support/cli-child.ts';

const MINUTE = 60_000;
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
/** A window's end as the messages give it: its time, and its day when that is not today ("Tue 8 Dec 00:21"). */
const END = String.raw`(?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d`;

describe('ml-connector replay during a blackout window', () => {
  const demo = withDemo({ systems: ['sage300', 'hubspot'], sage300: { records: 20, seed: 7 }, teachingFailures: true });
  const contacts = () => demo.env.flows.find((f) => f.template === 'sage300-hubspot/contacts')!.id;
  const openFailures = async () => (await demo.env.service.impl['audit:query']({ flowId: contacts(), actions: ['failed'], unresolvedOnly: true, limit: 100 })).events;

  beforeAll(async () => {
    const { env } = demo;
    await env.service.engine.runNow([env.flows.find((f) => f.template === 'sage300-hubspot/customers')!.id, contacts()]);
    // A window open now (UTC, so the test reads the same anywhere): the CLI's engine runs on the real clock.
    const now = Date.now();
    await env.service.impl['connections:setBlackouts']({ id: env.erp.id, blackouts: { timeZone: 'UTC', windows: [{ kind: 'weekly', name: 'Day End', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: hhmm(now - 5 * MINUTE), end: hhmm(now + 60 * MINUTE) }] } });
  }, 120_000);

  it('refuses a replay that re-reads from Sage 300 at once, naming the end, and exits 1 with nothing sent', async () => {
    const failures = await openFailures();
    expect(failures).toHaveLength(2);
    const sage = sageApi(demo.env.sandboxes.sage300!.line as unknown as SageLine);
    const before = (await sage.requests()).total;

    // Every open failure: one of them (the invalid e-mail, a cause in Sage 300's data) is re-read.
    const r = await cli(demo.dataDir, 'replay', '--failed');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        String.raw`^ml-connector: Sage 300 \(sandbox\) is in its blackout window "Day End" until ${END}: ml-connector does not call it then\.\n  Nothing was sent: the 2 failures stay open\. Replay them at ${END}, when the window ends, or now with the stored payload \(Replay: resend stored payload; in the CLI --send stored\), which does not call Sage 300 \(sandbox\)\. Edit the windows on the Connections page\.\n$`,
      ),
    );
    expect((await sage.requests()).total).toBe(before);
    expect((await openFailures()).map((e) => e.id).sort()).toEqual(failures.map((e) => e.id).sort());
  }, 120_000);

  it('replays a stored payload that needs no call to Sage 300 during its window', async () => {
    const { env } = demo;
    const conflict = (await openFailures()).find((e) => e.error?.code === 'HUBSPOT_UNIQUE_VALUE')!;
    // The duplicate fixed in HubSpot, where its cause was.
    const hub = hubspotAdmin(hubspotSandboxOf(env).url);
    const email = String(((await env.service.impl['audit:get']({ id: conflict.id })).mappedPayload as { properties: { email: string } }).properties.email);
    const owner = (await hub.records('contacts')).find((c) => c.properties['email'] === email && !c.properties['ml_sage300_contact_key'])!;
    await hub.edit('contacts', owner.id, { email: `old-${email}` });
    const sage = sageApi(env.sandboxes.sage300!.line as unknown as SageLine);
    const before = (await sage.requests()).total;

    const r = await cli(demo.dataDir, 'replay', String(conflict.id), '--send', 'stored');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as OutputOf<'audit:replay'>;
    expect(out.results.map((x) => [x.eventId, x.action, x.sent])).toEqual([[conflict.id, 'created', 'stored']]);
    expect((await sage.requests()).total).toBe(before);
  }, 120_000);
});
