import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../http.ts';
import { createRegistry } from '../rate-limit.ts';
import { MemoryStateStore } from '../state/memory-state.ts';
import { sendJson, startLocalServer, type LocalServer } from '../testing/local-server.ts';
import { ApiBudget, BudgetExhaustedError, sharedBudget } from './api-budget.ts';
import { localDay, nextLocalMidnight } from './windows.ts';

const DAY = 86_400_000;

describe('budget windows', () => {
  it('finds the next local midnight in the account time zone, across DST changes', () => {
    // 2026-03-08 is the US spring-forward day: midnight to midnight is 23 hours in New York.
    const noon = Date.parse('2026-03-08T17:00:00Z'); // 12:00 EST... 13:00 EDT
    expect(new Date(nextLocalMidnight(noon, 'America/New_York')).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(new Date(nextLocalMidnight(Date.parse('2026-03-07T12:00:00Z'), 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(nextLocalMidnight(Date.parse('2026-06-30T23:59:59Z'), 'UTC')).toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(new Date(nextLocalMidnight(Date.parse('2026-06-30T20:00:00Z'), 'Asia/Kolkata')).toISOString()).toBe('2026-07-01T18:30:00.000Z');
    expect(localDay(Date.parse('2026-06-30T20:00:00Z'), 'Asia/Kolkata')).toBe('2026-07-01');
  });
});

describe('ApiBudget as a gate over a real socket', () => {
  let server: LocalServer;
  let daily = { limit: 1000, used: 0 };
  let hits = 0;
  beforeAll(async () => {
    server = await startLocalServer((_req, _body, res) => {
      hits++;
      daily.used++;
      sendJson(res, 200, { ok: true }, { 'x-daily': String(daily.limit), 'x-daily-remaining': String(daily.limit - daily.used) });
    });
  });
  afterAll(() => server.close());

  it('daily: stops before the reserve with resumeAt at midnight in the account zone, the server count correcting ours', async () => {
    daily = { limit: 1000, used: 900 }; // another app spent 900 today
    hits = 0;
    const clock = { ms: Date.parse('2026-05-04T15:00:00Z') };
    const budget = new ApiBudget({
      system: 'hubspot',
      account: 'hubspot:p1',
      limit: 500, // a wrong first guess; the headers correct it
      window: { kind: 'daily', timeZone: 'America/Los_Angeles' },
      readHeaders: (h) => ({ limit: Number(h.get('x-daily')), remaining: Number(h.get('x-daily-remaining')) }),
      now: () => clock.ms,
    });
    const http = createHttpClient({ system: 'hubspot', baseUrl: server.origin, gate: budget, retry: false });
    let err: unknown;
    for (let i = 0; i < 100 && !err; i++) await http.request({ method: 'GET', path: '/x' }).catch((e: unknown) => (err = e));
    await http.close();
    expect(err).toBeInstanceOf(BudgetExhaustedError);
    const e = err as BudgetExhaustedError;
    expect(e.kind).toBe('fatal');
    expect(e.code).toBe('API_BUDGET');
    expect(e.resumeAt.toISOString()).toBe('2026-05-05T07:00:00.000Z'); // midnight PDT
    expect(e.data).toMatchObject({ limit: 1000, reserve: 50, resumeAt: '2026-05-05T07:00:00.000Z' });
    // 1000 - 50 reserve - 900 already used = 50 requests; the 51st never left this process.
    expect(hits).toBe(50);
    clock.ms = Date.parse('2026-05-05T07:00:01Z');
    expect(budget.available()).toBe(950);
  });

  it('a new process uses the limit the server last reported for the account, not its starting guess, until it hears it itself', async () => {
    daily = { limit: 1000, used: 0 };
    const clock = { ms: Date.parse('2026-05-04T15:00:00Z') };
    const store = new MemoryStateStore(() => clock.ms);
    const withoutHeaders = (conn: string) => ({
      system: 'hubspot',
      account: 'hubspot:p2',
      limit: 500, // the lowest tier's, a guess
      window: { kind: 'daily' as const, timeZone: 'UTC' },
      state: store.connection(conn).account('hubspot:p2'),
      now: () => clock.ms,
    });
    const opts = (conn: string) => ({ ...withoutHeaders(conn), readHeaders: (h: Headers) => ({ limit: Number(h.get('x-daily')), remaining: Number(h.get('x-daily-remaining')) }) });
    const first = new ApiBudget(opts('a'));
    const http = createHttpClient({ system: 'hubspot', baseUrl: server.origin, gate: first, retry: false });
    await http.request({ method: 'GET', path: '/x' });
    await http.close();
    await first.flush();
    // Another process that has made no call yet: the saved 1,000 (less the reserve and the one call), not 500.
    const second = new ApiBudget(opts('b'));
    await second.flush();
    expect(second.available()).toBe(1000 - 50 - 1);
    // A budget without headers keeps its configured limit whatever was saved (an admin's own figure).
    const fixed = new ApiBudget(withoutHeaders('c'));
    await fixed.flush();
    expect(fixed.available()).toBe(500 - 25 - 1);
  });

  it('a process that has not learned the zone yet keeps the one saved for the account: it neither writes its stand-in over it nor starts the day over in it', async () => {
    // 02:00 UTC on 8 May is still 7 May in New York: a UTC day here would be a new day with nothing used.
    const clock = { ms: Date.parse('2026-05-08T02:00:00Z') };
    const store = new MemoryStateStore(() => clock.ms);
    const opts = (conn: string) => ({
      system: 'hubspot', account: 'hubspot:p3', limit: 1000, reserveFraction: 0,
      window: { kind: 'daily' as const, timeZone: 'UTC' }, provisionalZone: true,
      state: store.connection(conn).account('hubspot:p3'), now: () => clock.ms,
    });
    const learned = new ApiBudget(opts('a'));
    learned.useTimeZone('America/New_York');
    await learned.spend(300);
    await learned.flush();
    // Another process (a CLI sync whose flows had nothing to send) opens the account and closes it, no call made.
    const idle = new ApiBudget(opts('b'));
    await idle.flush();
    expect(idle.available()).toBe(700);
    const saved = (await store.connection('c').account('hubspot:p3').get('api-budget'))?.value;
    expect(saved).toMatchObject({ day: '2026-05-07', used: 300, window: { kind: 'daily', timeZone: 'America/New_York' } });
    // Its calls count in the account's day, and a zone it is told later still wins.
    await idle.spend(10);
    await idle.flush();
    expect(learned.available()).toBe(700);
    await learned.flush();
    expect(learned.available()).toBe(690);
    // Without provisionalZone the configured zone is the account's (an admin's choice): it is kept.
    const fixed = new ApiBudget({ ...opts('d'), provisionalZone: false, account: 'hubspot:p4', state: store.connection('d').account('hubspot:p4') });
    await fixed.flush();
    expect((await store.connection('d').account('hubspot:p4').get('api-budget'))?.value).toMatchObject({ day: '2026-05-08', window: { timeZone: 'UTC' } });
  });

  it('rolling: credits come back 24 h after they were spent, with no reset at midnight', async () => {
    const clock = { ms: Date.parse('2026-05-04T10:00:00Z') };
    const b = new ApiBudget({ system: 'zoho', account: 'zoho:org', limit: 100, reserveFraction: 0, window: { kind: 'rolling', windowMs: DAY }, now: () => clock.ms });
    for (let i = 0; i < 60; i++) await b.spend();
    clock.ms += 6 * 3_600_000;
    await b.spend(40);
    const err = (await b.spend().catch((e: unknown) => e)) as BudgetExhaustedError;
    expect(err).toBeInstanceOf(BudgetExhaustedError);
    // The first 60 come back 24 h after 10:00 (minute granularity: counted until 10:01).
    expect(err.resumeAt.toISOString()).toBe('2026-05-05T10:01:00.000Z');
    clock.ms = Date.parse('2026-05-05T00:30:00Z'); // midnight passed: nothing back yet
    expect(b.available()).toBe(0);
    clock.ms = Date.parse('2026-05-05T10:01:00Z');
    expect(b.available()).toBe(60);
  });

  it('is shared by every connection and process of the account, and survives a restart', async () => {
    const clock = { ms: Date.parse('2026-05-04T10:00:00Z') };
    const store = new MemoryStateStore(() => clock.ms);
    const opts = (conn: string) => ({ system: 'zoho', account: 'zoho:org-9', limit: 100, reserveFraction: 0, flushEvery: 5, window: { kind: 'rolling' as const, windowMs: DAY }, state: store.connection(conn).account('zoho:org-9'), now: () => clock.ms });
    // Two flows in one process get the same budget object.
    const registry = createRegistry();
    expect(sharedBudget(registry, opts('a'))).toBe(sharedBudget(registry, opts('b')));
    // Two processes: each spends 40, both see 80 once flushed.
    const p1 = new ApiBudget(opts('a'));
    const p2 = new ApiBudget(opts('b'));
    for (let i = 0; i < 40; i++) {
      await p1.spend();
      await p2.spend();
    }
    await Promise.all([p1.flush(), p2.flush()]);
    await p1.flush();
    expect(p1.available()).toBe(20);
    expect(p2.available()).toBeLessThanOrEqual(20);
    // A restarted process starts from the persisted count, and the last units go to whoever asks first.
    const p3 = new ApiBudget(opts('c'));
    await expect(p3.spend(21)).rejects.toBeInstanceOf(BudgetExhaustedError);
    await p3.spend(20);
    await p3.flush();
    await p1.flush(); // p1 learns what p3 spent at its next flush (every flushEvery units or flushMs)
    const err = await p1.spend().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BudgetExhaustedError);
  });
});
