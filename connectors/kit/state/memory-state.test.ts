import { describe, expect, it } from 'vitest';
import { RetriableError } from '../errors.ts';
import { updateState } from './connection-state.ts';
import { MemoryStateStore } from './memory-state.ts';

// The ConnectionState contract, on the in-memory implementation; the host's SQLite one passes the same checks.
describe('MemoryStateStore', () => {
  it('versions every write; compare-and-swap writes only over the version it read', async () => {
    const s = new MemoryStateStore().connection('c');
    expect(await s.get('k')).toBeUndefined();
    expect(await s.compareAndSwap('k', 1, 'x')).toBe(false);
    expect(await s.compareAndSwap('k', undefined, { n: 1 })).toBe(true);
    expect(await s.get('k')).toEqual({ value: { n: 1 }, version: 1 });
    expect(await s.compareAndSwap('k', undefined, { n: 2 })).toBe(false);
    await s.set('k', { n: 3 });
    expect(await s.get('k')).toEqual({ value: { n: 3 }, version: 2 });
    await s.delete('k');
    expect(await s.get('k')).toBeUndefined();
  });

  it('keeps connections and accounts apart, and an account shared by connections', async () => {
    const store = new MemoryStateStore();
    await store.connection('a').set('k', 1);
    expect(await store.connection('b').get('k')).toBeUndefined();
    await store.connection('a').account('zoho:org-1').set('credits', 5);
    expect((await store.connection('b').account('zoho:org-1').get('credits'))?.value).toBe(5);
    expect(await store.connection('a').get('credits')).toBeUndefined();
  });

  it('loses no update when writers race (updateState retries on a lost compare-and-swap)', async () => {
    const store = new MemoryStateStore();
    await Promise.all(Array.from({ length: 40 }, (_, i) => updateState<number>(store.connection(`p${i % 2}`).account('acct'), 'n', (n) => (n ?? 0) + 1)));
    expect((await store.scoped('account:acct').get('n'))?.value).toBe(40);
  });

  it('a lock is exclusive across state objects of one store; a dead holder frees it after its lease', async () => {
    const clock = { ms: 0 };
    const store = new MemoryStateStore(() => clock.ms);
    const a = store.connection('c');
    const b = store.connection('c');
    const order: string[] = [];
    let release!: () => void;
    const held = a.withLock('refresh', { ttlMs: 60_000 }, () => new Promise<void>((r) => (release = () => (order.push('a done'), r()))));
    const waiting = b.withLock('refresh', { ttlMs: 60_000 }, async () => void order.push('b ran'));
    await new Promise((r) => setTimeout(r, 30));
    expect(order).toEqual([]);
    release();
    await Promise.all([held, waiting]);
    expect(order).toEqual(['a done', 'b ran']);

    // A holder that never releases (its process died): after the lease the lock is free again.
    void a.withLock('refresh', { ttlMs: 1000 }, () => new Promise<void>(() => {}));
    await new Promise((r) => setTimeout(r, 5));
    const busy = await b.withLock('refresh', { ttlMs: 1000, waitMs: 0 }, async () => 'ran').catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(RetriableError);
    clock.ms += 1000;
    await expect(b.withLock('refresh', { ttlMs: 1000 }, async () => 'ran')).resolves.toBe('ran');
  });
});
