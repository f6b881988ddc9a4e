import { describe, expect, it } from 'vitest';
import { nextRunAfter, cronError } from './schedule-plan.ts';
import { orderByDependencies } from './flow-order.ts';
import type { FlowRow } from '../store/index.ts';

const at = (s: string) => new Date(s);

describe('schedule plan', () => {
  it('runs an interval flow at once the first time, then every N minutes from the last start', () => {
    const now = at('2026-11-23T10:00:00Z');
    expect(nextRunAfter({ kind: 'interval', minutes: 15 }, null, now)).toEqual(now);
    expect(nextRunAfter({ kind: 'interval', minutes: 15 }, at('2026-11-23T09:50:00Z'), now)).toEqual(at('2026-11-23T10:05:00Z'));
    // A missed slot (the machine slept) runs once, now — not once per missed slot.
    expect(nextRunAfter({ kind: 'interval', minutes: 15 }, at('2026-11-22T09:00:00Z'), now)).toEqual(now);
  });

  it('follows cron expressions, catching up once after downtime', () => {
    const now = at('2026-11-23T10:07:00Z');
    const next = nextRunAfter({ kind: 'cron', expression: '*/30 * * * *' }, at('2026-11-23T10:00:00Z'), now)!;
    expect(next.getUTCMinutes() % 30).toBe(0);
    expect(next.getTime()).toBeGreaterThan(now.getTime());
    expect(nextRunAfter({ kind: 'cron', expression: '0 2 * * *' }, at('2026-11-20T02:00:00Z'), now)).toEqual(now);
  });

  it('never schedules manual flows and explains a bad cron expression', () => {
    expect(nextRunAfter({ kind: 'manual' }, null, new Date())).toBeNull();
    expect(cronError('*/15 * * * *')).toBeNull();
    expect(cronError('every tuesday')).toMatch(/.+/);
  });
});

describe('flow order', () => {
  const flow = (id: string, dependsOn: string[] = []) => ({ id, dependsOn }) as unknown as FlowRow;
  it('puts every flow after the flows it depends on and survives a cycle', () => {
    const order = orderByDependencies([flow('invoices', ['customers', 'contacts']), flow('contacts', ['customers']), flow('customers')]).map((f) => f.id);
    expect(order).toEqual(['customers', 'contacts', 'invoices']);
    expect(orderByDependencies([flow('a', ['b']), flow('b', ['a'])]).map((f) => f.id).sort()).toEqual(['a', 'b']);
  });
});
