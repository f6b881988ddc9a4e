// The planner over a real store: units per run from the runs' recorded spend, runs per day from the
// schedule in the account's day, against the allowance the account's budget persisted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.ts';
import { makeTempDir } from '../../../test/support/tmp-dir.ts';
import { planSchedule, median } from './schedule-spend.ts';
import { accountUsages, pausedFlows } from './account-usage.ts';

const HUB = 'hubspot:0123456789abcdef';
const NOW = Date.parse('2026-06-10T15:00:00Z');
const counts = { read: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, waiting: 0 };

describe('budget planner', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let store: Store;
  let n = 0;
  const pauses = {
    API_BUDGET: 'This HubSpot account has used 237,500 of its 250,000 daily API calls',
    BLACKOUT: 'Sage 300 is in its blackout window "Day End" until 23:30: ml-connector does not call it then.',
  };
  const run = (flowId: string, startedAt: number, apiUnits: Record<string, number>, extra: { trigger?: string; pausedUntil?: string; pausedBy?: keyof typeof pauses } = {}) => {
    const id = `r${++n}`;
    const code = extra.pausedBy ?? 'API_BUDGET';
    store.runs.insert({ id, flowId, trigger: extra.trigger ?? 'schedule', status: 'running', startedAt: new Date(startedAt).toISOString(), pid: null });
    store.runs.update({ id, status: extra.pausedUntil ? 'failed' : 'succeeded', finishedAt: new Date(startedAt + 1000).toISOString(), counts, expected: 0, written: 0, error: extra.pausedUntil ? { code, message: pauses[code] } : null, apiUnits, pausedUntil: extra.pausedUntil ?? null });
  };
  const flow = (id: string, name: string) =>
    store.flows.save({ id, name, template: null, sourceConnectionId: 'sage', sourceEntity: 'arCustomers', destConnectionId: 'hub', destObject: 'companies', mapping: {}, schedule: { kind: 'interval', minutes: 15 }, enabled: true, dependsOn: [], createdAt: 'x', updatedAt: 'x' });

  beforeEach(() => {
    tmp = makeTempDir();
    store = openStore(tmp.dir);
    store.connections.insert({ id: 'sage', system: 'sage300', name: 'Sage 300', settings: {}, tls: {}, createdAt: 'x', updatedAt: 'x' });
    store.connections.insert({ id: 'hub', system: 'hubspot', name: 'HubSpot', settings: {}, tls: {}, createdAt: 'x', updatedAt: 'x' });
    flow('f1', 'Customers → Companies');
    flow('f2', 'Contacts');
    flow('f3', 'New flow');
    // What the account's ApiBudget persisted: a daily allowance in New York, 200,000 used today.
    store.state.set(`account:${HUB}`, 'api-budget', { day: '2026-06-10', used: 200_000, limit: 250_000, system: 'hubspot', label: 'This HubSpot account', reserveFraction: 0.05, window: { kind: 'daily', timeZone: 'America/New_York' } });
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  it('median of the recent runs, the first (full) run left out, × the runs of the account’s day', () => {
    run('f1', NOW - 5 * 3_600_000, { [HUB]: 2_000 }); // the initial load
    for (const [i, units] of [30, 40, 35, 500, 38].entries()) run('f1', NOW - (4 - i) * 900_000, { [HUB]: units });
    run('f1', NOW - 60_000, { [HUB]: 9_999 }, { trigger: 'reconcile' }); // not what the schedule adds
    const plan = planSchedule(store, { flow: store.flows.get('f1')!, connectionIds: ['sage', 'hub'], schedule: { kind: 'interval', minutes: 15 }, now: NOW });
    expect(plan).toMatchObject({ basis: 'runs', runsMeasured: 5, runsPerDay: 96 });
    expect(plan.accounts).toEqual([expect.objectContaining({ account: HUB, unitsPerRun: 38, runsPerDay: 96, perDay: 38 * 96, limit: 250_000, usedNow: 200_000 })]);
    expect(plan.accounts[0]!.share).toBeCloseTo((38 * 96) / 250_000, 10);
    // Hourly instead: the same runs, a 24th of the day's quarter hours.
    const hourly = planSchedule(store, { flow: store.flows.get('f1')!, connectionIds: [], schedule: { kind: 'cron', expression: '0 * * * *' }, now: NOW, cronTimeZone: 'America/New_York' });
    expect(hourly.accounts[0]).toMatchObject({ unitsPerRun: 38, runsPerDay: 24, perDay: 38 * 24 });
  });

  it('a flow with only its first run is measured on it, and says so', () => {
    run('f2', NOW - 3_600_000, { [HUB]: 1_200 });
    const plan = planSchedule(store, { flow: store.flows.get('f2')!, connectionIds: [], schedule: { kind: 'interval', minutes: 60 }, now: NOW });
    expect(plan).toMatchObject({ basis: 'first-run', runsMeasured: 1 });
    expect(plan.accounts[0]).toMatchObject({ unitsPerRun: 1_200, perDay: 1_200 * 24 });
  });

  it('without runs: "none", or an estimate from a record count, against the accounts its connections spend on', () => {
    run('f1', NOW - 60_000, { [HUB]: 10 });
    const none = planSchedule(store, { flow: store.flows.get('f3')!, connectionIds: ['sage', 'hub'], schedule: { kind: 'interval', minutes: 30 }, now: NOW });
    expect(none).toMatchObject({ basis: 'none', runsMeasured: 0, estimatedPerRun: null, runsPerDay: 48 });
    expect(none.accounts.map((a) => a.account)).toEqual([HUB]);
    const est = planSchedule(store, { connectionIds: ['hub'], schedule: { kind: 'interval', minutes: 30 }, records: 250, now: NOW });
    expect(est).toMatchObject({ basis: 'records', estimatedPerRun: 3 });
    expect(est.accounts[0]).toMatchObject({ unitsPerRun: 3, perDay: 3 * 48 });
  });

  it('the account’s use today: the flows that spent most, 80 % and the reserve, and the paused flows', () => {
    run('f1', NOW - 3_600_000, { [HUB]: 700 });
    run('f2', NOW - 1_800_000, { [HUB]: 900 });
    run('f1', NOW - 2 * 86_400_000, { [HUB]: 50_000 }); // another day
    const [u] = accountUsages(store, NOW);
    expect(u).toMatchObject({ account: HUB, used: 200_000, reserve: 12_500, level: 'high', users: ['f2', 'f1'] });
    // Named by the connection its flows spend it through, not by the connector's 'This HubSpot account'.
    expect(u).toMatchObject({ label: 'HubSpot account "HubSpot"', connections: [{ id: 'hub', name: 'HubSpot' }] });
    expect(u!.flows).toEqual([{ flowId: 'f2', units: 900 }, { flowId: 'f1', units: 700 }]);
    store.state.set(`account:${HUB}`, 'api-budget', { day: '2026-06-10', used: 237_500, limit: 250_000, system: 'hubspot', window: { kind: 'daily', timeZone: 'America/New_York' } });
    expect(accountUsages(store, NOW)[0]!.level).toBe('exhausted');
    // Tomorrow in New York: a new day, nothing used yet.
    expect(accountUsages(store, Date.parse('2026-06-11T04:00:00Z'))[0]).toMatchObject({ used: 0, level: 'ok', flows: [] });
    run('f2', NOW - 60_000, { [HUB]: 3 }, { pausedUntil: '2026-06-11T04:00:00.000Z' });
    expect(pausedFlows(store, NOW)).toEqual([{ flowId: 'f2', resumesAt: '2026-06-11T04:00:00.000Z', message: expect.stringMatching(/^This HubSpot account has used/) }]);
    expect(pausedFlows(store, Date.parse('2026-06-11T04:00:01Z'))).toEqual([]);
    // A run a blackout window paused waits for the window, not for the budget: not listed here.
    run('f1', NOW - 30_000, { [HUB]: 2 }, { pausedUntil: '2026-06-10T23:30:00.000Z', pausedBy: 'BLACKOUT' });
    expect(pausedFlows(store, NOW).map((p) => p.flowId)).toEqual(['f2']);
  });

  it('median', () => {
    expect(median([])).toBe(0);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
