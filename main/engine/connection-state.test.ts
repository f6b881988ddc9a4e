// ConnectorContext.state over the real SQLite store: two Store handles on one data folder stand for
// `serve` and a CLI `sync` (separate connections to the file, as two processes have).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OAuthRefresh } from '../../connectors/kit/auth/oauth-refresh.ts';
import { RetriableError } from '../../connectors/kit/errors.ts';
import { updateState } from '../../connectors/kit/state/connection-state.ts';
import { openStore, type Store } from '../store/index.ts';
import { connectionScope, sqliteConnectionState } from './connection-state.ts';

const opened: Store[] = [];
const dirs: string[] = [];
function twoProcesses(): [Store, Store] {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-state-'));
  dirs.push(dir);
  const a = openStore(dir);
  const b = openStore(dir);
  opened.push(a, b);
  return [a, b];
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('sqliteConnectionState', () => {
  it('keeps versioned values per connection and per account, seen by both processes', async () => {
    const [a, b] = twoProcesses();
    const sa = sqliteConnectionState(a, 'c1');
    const sb = sqliteConnectionState(b, 'c1');
    expect(await sa.compareAndSwap('k', undefined, { n: 1 })).toBe(true);
    expect(await sb.get('k')).toEqual({ value: { n: 1 }, version: 1 });
    expect(await sb.compareAndSwap('k', undefined, { n: 2 })).toBe(false);
    expect(await sb.compareAndSwap('k', 1, { n: 2 })).toBe(true);
    expect(await sa.get('k')).toEqual({ value: { n: 2 }, version: 2 });
    expect(await sqliteConnectionState(a, 'c2').get('k')).toBeUndefined();
    await sqliteConnectionState(a, 'c2').account('zoho:org').set('credits', 7);
    expect((await sb.account('zoho:org').get('credits'))?.value).toBe(7);
    a.state.deleteScope(connectionScope('c1'));
    expect(await sb.get('k')).toBeUndefined();
    expect((await sb.account('zoho:org').get('credits'))?.value).toBe(7);
  });

  it('loses no update when both processes count at once', async () => {
    const [a, b] = twoProcesses();
    await Promise.all(Array.from({ length: 30 }, (_, i) => updateState<number>(sqliteConnectionState(i % 2 ? a : b, 'c').account('acct'), 'n', (n) => (n ?? 0) + 1)));
    expect((await sqliteConnectionState(a, 'x').account('acct').get('n'))?.value).toBe(30);
  });

  it('a lock is exclusive across processes, and a dead holder frees it after its lease', async () => {
    const [a, b] = twoProcesses();
    const clock = { ms: 1_000_000 };
    const sa = sqliteConnectionState(a, 'c', () => clock.ms);
    const sb = sqliteConnectionState(b, 'c', () => clock.ms);
    const order: string[] = [];
    let release!: () => void;
    const held = sa.withLock('refresh', { ttlMs: 60_000 }, () => new Promise<void>((r) => (release = () => (order.push('a'), r()))));
    await new Promise((r) => setTimeout(r, 10));
    const waiting = sb.withLock('refresh', { ttlMs: 60_000 }, async () => void order.push('b'));
    await new Promise((r) => setTimeout(r, 120));
    expect(order).toEqual([]);
    release();
    await Promise.all([held, waiting]);
    expect(order).toEqual(['a', 'b']);

    b.state.tryLock('connection:c\u0000refresh', 'dead-process', 1000, clock.ms); // taken, never released
    await expect(sa.withLock('refresh', { ttlMs: 1000, waitMs: 0 }, async () => 'x')).rejects.toBeInstanceOf(RetriableError);
    clock.ms += 1000;
    await expect(sa.withLock('refresh', { ttlMs: 1000 }, async () => 'ran')).resolves.toBe('ran');
  });

  it('two processes needing an OAuth token at once refresh it once, and the file holds it sealed', async () => {
    const [a, b] = twoProcesses();
    let refreshes = 0;
    const make = (store: Store) =>
      new OAuthRefresh({
        system: 'zoho',
        state: sqliteConnectionState(store, 'zoho-1'),
        sealKey: '1000.refresh.token',
        allowedHosts: ['127.0.0.1'],
        refresh: async () => {
          refreshes++;
          await new Promise((r) => setTimeout(r, 100));
          return { accessToken: `1000.access.${refreshes}`, expiresInMs: 3_600_000, apiBase: 'http://127.0.0.1:9' };
        },
      });
    const [ta, tb] = await Promise.all([make(a).access(), make(b).access()]);
    expect(refreshes).toBe(1);
    expect(ta.accessToken).toBe(tb.accessToken);
    const raw = a.db.prepare('SELECT value FROM connection_state').all() as { value: string }[];
    expect(raw.length).toBe(1);
    expect(raw[0]!.value).not.toContain('1000.access');
  });
});
