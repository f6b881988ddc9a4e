import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../state/memory-state.ts';
import { ApiBudget } from './api-budget.ts';
import { BUDGET_STATE_KEY, budgetUsageAt, lastLocalMidnight } from './budget-usage.ts';
import { SpendTally, withSpendTally } from './spend-tally.ts';

const DAY = 86_400_000;

describe('who spent the budget, and what the account shows', () => {
  it('counts each unit on the tally of the run that spent it, two runs sharing one budget at once', async () => {
    const budget = new ApiBudget({ system: 'hubspot', account: 'hubspot:p1', limit: 1000, window: { kind: 'daily', timeZone: 'UTC' } });
    const a = new SpendTally();
    const b = new SpendTally();
    const spendN = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await budget.spend();
        await new Promise((r) => setImmediate(r)); // interleave the two runs
      }
    };
    await Promise.all([withSpendTally(a, () => spendN(7)), withSpendTally(b, async () => {
      await spendN(3);
      await budget.spend(40); // a costly call
    })]);
    await budget.spend(5); // outside any run: counted on the budget, on no tally
    expect(a.toJSON()).toEqual({ 'hubspot:p1': 7 });
    expect(b.toJSON()).toEqual({ 'hubspot:p1': 43 });
    expect(budget.available()).toBe(1000 - 50 - 55);
  });

  it('persists its limit, reserve and window with the count; the host reads the use at any instant', async () => {
    const clock = { ms: Date.parse('2026-03-08T12:00:00Z') };
    const store = new MemoryStateStore(() => clock.ms);
    const state = store.connection('c1').account('hubspot:p1');
    const budget = new ApiBudget({ system: 'hubspot', account: 'hubspot:p1', label: 'This HubSpot account', limit: 10_000, reserveFraction: 0.1, window: { kind: 'daily', timeZone: 'America/New_York' }, state, now: () => clock.ms });
    const tally = new SpendTally();
    await withSpendTally(tally, async () => {
      for (let i = 0; i < 30; i++) await budget.spend();
    });
    await tally.save(); // the run's end saves what was not flushed yet
    const saved = (await state.get(BUDGET_STATE_KEY))!.value;
    const usage = budgetUsageAt(saved, clock.ms)!;
    expect(usage).toMatchObject({ system: 'hubspot', label: 'This HubSpot account', limit: 10_000, reserve: 1000, used: 30, resetsAt: Date.parse('2026-03-09T04:00:00Z') });
    expect(usage.periodStart).toBe(Date.parse('2026-03-08T05:00:00Z')); // midnight EST; the day is 23 hours long
    // The next local day starts from zero.
    expect(budgetUsageAt(saved, Date.parse('2026-03-09T04:00:00Z'))!.used).toBe(0);
    // A value written before the budget described itself shows nothing rather than a guess.
    expect(budgetUsageAt({ day: '2026-03-08', used: 5 }, clock.ms)).toBeNull();
  });

  it('rolling windows: the units of the last 24 hours', async () => {
    const clock = { ms: Date.parse('2026-05-04T10:00:00Z') };
    const store = new MemoryStateStore(() => clock.ms);
    const state = store.connection('c1').account('zoho:org');
    const budget = new ApiBudget({ system: 'zoho', account: 'zoho:org', limit: 500, window: { kind: 'rolling', windowMs: DAY }, state, now: () => clock.ms });
    await budget.spend(100);
    clock.ms += 6 * 3_600_000;
    await budget.spend(50);
    await budget.flush();
    const saved = (await state.get(BUDGET_STATE_KEY))!.value;
    expect(budgetUsageAt(saved, clock.ms)).toMatchObject({ used: 150, limit: 500, reserve: 25, resetsAt: null, periodStart: clock.ms - DAY });
    expect(budgetUsageAt(saved, Date.parse('2026-05-05T10:01:00Z'))!.used).toBe(50);
  });

  it('finds the last local midnight across DST changes', () => {
    expect(new Date(lastLocalMidnight(Date.parse('2026-11-01T15:00:00Z'), 'America/New_York')).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(new Date(lastLocalMidnight(Date.parse('2026-11-02T04:59:00Z'), 'America/New_York')).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(new Date(lastLocalMidnight(Date.parse('2026-11-02T05:00:00Z'), 'America/New_York')).toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(new Date(lastLocalMidnight(Date.parse('2026-06-30T20:00:00Z'), 'Asia/Kolkata')).toISOString()).toBe('2026-06-30T18:30:00.000Z');
  });
});
