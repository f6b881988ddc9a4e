import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from './db.ts';
import { migrate, MigrationError, type Migration } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import { openStore, DB_FILE_NAME } from './index.ts';
import { makeTempDir } from '../../test/support/tmp-dir.ts';

const dirs: (() => void)[] = [];
const tmp = () => {
  const t = makeTempDir();
  dirs.push(t.cleanup);
  return t.dir;
};
afterEach(() => dirs.splice(0).forEach((c) => c()));

const event = (over: Partial<Parameters<ReturnType<typeof openStore>['events']['insert']>[0]> = {}) => ({
  runId: 'r1',
  flowId: 'f1',
  at: new Date().toISOString(),
  direction: 'erp-to-crm' as const,
  sourceSystem: 'sage300',
  sourceEntity: 'customers',
  sourceId: 'C-1',
  sourceLabel: 'Acme Widgets Ltd',
  destObject: 'companies',
  destId: '101',
  action: 'created',
  attempt: 1,
  error: null,
  sourcePayload: { IDCUST: 'C-1' },
  mappedPayload: { name: 'Acme Widgets Ltd' },
  replayOf: null,
  ...over,
});

describe('store', () => {
  it('migrates an empty file to the full schema with WAL and foreign keys', () => {
    const dir = tmp();
    const db = openDatabase(join(dir, DB_FILE_NAME));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => (r as { name: string }).name);
    for (const t of ['connections', 'secrets', 'flows', 'runs', 'record_events', 'id_map', 'watermarks', 'alerts', 'settings', 'pending_deletions', 'flow_locks']) {
      expect(tables).toContain(t);
    }
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('page_size', { simple: true })).toBe(16384); // a new store: fewer, fuller pages for audit rows
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'record_events'").all().map((r) => (r as { name: string }).name);
    expect(indexes).toEqual(expect.arrayContaining(['record_events_flow', 'record_events_action', 'record_events_flow_action', 'record_events_run', 'record_events_open_failures']));
    // Migration 0004: no index with random keys on the insert path (dates are searched by id, ids and names through the text index).
    for (const gone of ['record_events_at', 'record_events_source', 'record_events_dest']) expect(indexes).not.toContain(gone);
    const applied = db.prepare('SELECT version, sha256 FROM schema_migrations').all() as { version: number; sha256: string }[];
    expect(applied.map((a) => a.version)).toEqual(migrations.map((m) => m.version));
    expect(applied[0]!.sha256).toBe(createHash('sha256').update(migrations[0]!.sql).digest('hex'));
    db.close();
  });

  it('opens a store made with 4 KB pages as it is (the page size applies to new stores only)', () => {
    const file = join(tmp(), DB_FILE_NAME);
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE earlier (x INTEGER)');
    expect(old.pragma('page_size', { simple: true })).toBe(4096);
    old.close();
    const db = openDatabase(file);
    expect(db.pragma('page_size', { simple: true })).toBe(4096);
    db.prepare("INSERT INTO settings (key, value) VALUES ('k', '1')").run();
    expect(db.prepare("SELECT value FROM settings WHERE key = 'k'").pluck().get()).toBe('1');
    db.close();
  });

  it('keeps data across reopen and does not re-apply migrations', () => {
    const dir = tmp();
    const s1 = openStore(dir);
    s1.settings.set({ auditRetentionDays: 30 });
    s1.connections.insert({ id: 'c1', system: 'hubspot', name: 'HubSpot', settings: { portal: 1 }, tls: {}, createdAt: 'x', updatedAt: 'x' });
    s1.close();
    const s2 = openStore(dir);
    expect(s2.settings.all()).toEqual({ auditRetentionDays: 30 });
    expect(s2.connections.get('c1')?.settings).toEqual({ portal: 1 });
    expect(s2.db.prepare('SELECT COUNT(*) n FROM schema_migrations').get()).toEqual({ n: migrations.length });
    s2.close();
  });

  it('a failing migration leaves the file byte-for-byte unchanged', () => {
    const dir = tmp();
    const file = join(dir, DB_FILE_NAME);
    const db = openDatabase(file);
    db.prepare("INSERT INTO settings (key, value) VALUES ('k', '1')").run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = readFileSync(file);
    const db2 = openDatabase(file, { migrate: false });
    const broken: Migration = { version: 999, name: 'broken', sql: "CREATE TABLE half_done (x INTEGER); INSERT INTO nope VALUES (1);" };
    expect(() => migrate(db2, [...migrations, broken])).toThrow(MigrationError);
    expect(db2.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db2.pragma('wal_checkpoint(TRUNCATE)');
    db2.close();
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses an applied migration whose SQL changed', () => {
    const dir = tmp();
    const db = openDatabase(join(dir, DB_FILE_NAME));
    const tampered = migrations.map((m) => (m.version === 1 ? { ...m, sql: m.sql + '\n-- edited' } : m));
    expect(() => migrate(db, tampered)).toThrow(/differs from the one applied/);
    db.close();
  });

  it('stores where a failure lies with its event, and none on events without one or written before causes existed', () => {
    const store = openStore(tmp());
    const src = store.events.insert(event({ sourceId: 'C-1', action: 'failed', error: { kind: 'record', code: 'INVALID_EMAIL', message: 'bad email', cause: 'source' } }));
    const dst = store.events.insert(event({ sourceId: 'C-2', action: 'failed', error: { kind: 'record', code: 'HUBSPOT_UNIQUE_VALUE', message: 'exists', cause: 'destination' } }));
    const old = store.events.insert(event({ sourceId: 'C-3', action: 'failed', error: { kind: 'record', message: 'refused' } }));
    expect(store.events.get(src)!.error).toEqual({ kind: 'record', code: 'INVALID_EMAIL', message: 'bad email', cause: 'source' });
    expect(store.events.get(dst)!.error?.cause).toBe('destination');
    expect(store.events.get(old)!.error).not.toHaveProperty('cause');
    expect(store.events.query({ actions: ['failed'] }, 10, null).map((e) => e.error?.cause)).toEqual([undefined, 'destination', 'source']);
    store.close();
  });

  it('pages the audit trail newest first by keyset and finds records by substring', () => {
    const store = openStore(tmp());
    for (let i = 0; i < 250; i++) {
      store.events.insert(event({ sourceId: `C-${i}`, sourceLabel: i === 42 ? 'Ünïcode Ærøskøbing GmbH' : `Customer ${i}`, action: i % 10 === 0 ? 'failed' : 'created', error: i % 10 === 0 ? { kind: 'record', message: 'bad email' } : null }));
    }
    const seen: number[] = [];
    let cursor: number | null = null;
    for (;;) {
      const page = store.events.query({}, 100, cursor);
      seen.push(...page.map((e) => e.id));
      if (page.length < 100) break;
      cursor = page[page.length - 1]!.id;
    }
    expect(seen).toHaveLength(250);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    expect(new Set(seen).size).toBe(250);
    expect(store.events.query({ actions: ['failed'] }, 1000, null)).toHaveLength(25);
    const hits = store.events.query({ text: 'røskø' }, 10, null);
    expect(hits.map((h) => h.sourceId)).toEqual(['C-42']);
    expect(store.events.query({ text: 'C-7' }, 20, null).map((h) => h.sourceId).sort()).toEqual(['C-7', ...Array.from({ length: 10 }, (_, i) => `C-7${i}`)].sort());
    // FTS syntax typed by a user is treated as text, not as a query.
    expect(() => store.events.query({ text: 'a" OR "b' }, 10, null)).not.toThrow();
    store.close();
  });

  it('upgrades an audit log written before migration 0004: searchable at once, indexed afterwards', () => {
    const dir = tmp();
    const old = openDatabase(join(dir, DB_FILE_NAME), { migrate: false });
    migrate(old, migrations.filter((m) => m.version <= 3));
    const insert = old.prepare(
      `INSERT INTO record_events (run_id, flow_id, at, direction, source_system, source_entity, source_id, source_label, dest_object, dest_id, action)
       VALUES ('r', 'f1', ?, 'erp-to-crm', 'sage300', 'customers', ?, ?, 'companies', ?, 'created')`,
    );
    for (let i = 0; i < 40; i++) insert.run(new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), `C-${i}`, i === 7 ? 'Ærøskøbing Fisk' : `Customer ${i}`, `${500 + i}`);
    old.close();
    const store = openStore(dir);
    expect(store.events.textBacklog()).toBe(40);
    const find = () => ({ name: store.events.query({ text: 'røskø' }, 10, null).map((e) => e.sourceId), dest: store.events.query({ text: '507' }, 10, null).map((e) => e.sourceId), n: store.events.count({ text: 'customer' }, 100).count });
    expect(find()).toEqual({ name: ['C-7'], dest: ['C-7'], n: 39 });
    while (store.events.indexText(15) > 0);
    expect(store.events.textBacklog()).toBe(0);
    expect(find()).toEqual({ name: ['C-7'], dest: ['C-7'], n: 39 });
    expect(store.events.query({ from: '2026-01-01T00:10:00.000Z', to: '2026-01-01T00:20:00.000Z' }, 50, null).map((e) => e.sourceId)).toEqual(Array.from({ length: 10 }, (_, k) => `C-${19 - k}`));
    store.close();
  });

  it('upgrades flows built before migration 0006 (no template version) and keeps a version a later save leaves out', () => {
    const dir = tmp();
    const old = openDatabase(join(dir, DB_FILE_NAME), { migrate: false });
    migrate(old, migrations.filter((m) => m.version <= 5));
    old.prepare(`INSERT INTO connections (id, system, name, settings, tls, created_at, updated_at) VALUES ('c1', 'sage300', 'S', '{}', '{}', 'x', 'x'), ('c2', 'hubspot', 'H', '{}', '{}', 'x', 'x')`).run();
    old.prepare(
      `INSERT INTO flows (id, name, template, source_connection_id, source_entity, dest_connection_id, dest_object, mapping, schedule, enabled, depends_on, created_at, updated_at)
       VALUES ('f1', 'Customers', 'sage300-hubspot/customers', 'c1', 'arCustomers', 'c2', 'companies', '{}', '{}', 1, '[]', 'x', 'x')`,
    ).run();
    old.close();
    const store = openStore(dir);
    const before = store.flows.get('f1')!;
    expect(before.templateVersion).toBeNull();
    store.flows.save({ ...before, templateVersion: 3 });
    expect(store.flows.get('f1')!.templateVersion).toBe(3);
    const { templateVersion: _dropped, ...withoutVersion } = store.flows.get('f1')!;
    store.flows.save({ ...withoutVersion, name: 'Renamed' });
    expect(store.flows.get('f1')).toMatchObject({ name: 'Renamed', templateVersion: 3 });
    store.close();
  });

  it('moves the alerts’ secrets out of the settings table into app_secrets, as the same sealed blobs (migration 0017)', () => {
    const dir = tmp();
    const old = openDatabase(join(dir, DB_FILE_NAME), { migrate: false });
    migrate(old, migrations.filter((m) => m.version <= 16));
    const sealed = { smtpPassword: Buffer.from('mlc1-sealed-smtp-blob'), webhookUrl: Buffer.from([0, 1, 2, 250, 251, 252]) };
    const put = old.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    put.run('alertSecret.smtpPassword', JSON.stringify(sealed.smtpPassword.toString('base64')));
    put.run('alertSecret.webhookUrl', JSON.stringify(sealed.webhookUrl.toString('base64')));
    put.run('alertDelivery', JSON.stringify({ webhook: { enabled: true } }));
    old.close();
    const store = openStore(dir);
    expect(store.appSecrets.all()).toEqual([
      { name: 'smtpPassword', ciphertext: sealed.smtpPassword },
      { name: 'webhookUrl', ciphertext: sealed.webhookUrl },
    ]);
    expect(store.settings.all()).toEqual({ alertDelivery: { webhook: { enabled: true } } });
    store.close();
  });

  it('finds every event by text whether or not the text index has reached it yet', () => {
    const store = openStore(tmp());
    const ids = Array.from({ length: 120 }, (_, i) =>
      store.events.insert(event({ sourceId: `C-${i}`, destId: `90${i}`, sourceLabel: i % 3 === 0 ? `Müller ${i} GmbH` : `Northwind ${i}`, action: 'created' })),
    );
    const search = (text: string) => ({ rows: store.events.query({ text }, 500, null).map((e) => e.id), count: store.events.count({ text }, 1000).count });
    const expected = {
      müller: ids.filter((_, i) => i % 3 === 0).reverse(),
      'MÜLLER 3': [ids[3]!, ...ids.slice(30, 40).filter((_, k) => (30 + k) % 3 === 0)].sort((a, b) => b - a),
      '7': [] as number[], // an exact id of one or two characters, and nothing is called "7"
      'C-7': [ids[7]!, ...ids.slice(70, 80)].sort((a, b) => b - a),
      '907': [ids[7]!, ...ids.slice(70, 80)].sort((a, b) => b - a),
    };
    const check = () => {
      for (const [text, want] of Object.entries(expected)) expect(search(text), text).toEqual({ rows: want, count: want.length });
      expect(search('C-5').rows).toEqual([ids[5]!, ...ids.slice(50, 60)].sort((a, b) => b - a));
      expect(store.events.query({ text: '905' }, 20, null).map((e) => e.sourceId).sort()).toEqual(['C-5', ...Array.from({ length: 10 }, (_, k) => `C-5${k}`)].sort());
    };
    expect(store.events.textBacklog()).toBe(120);
    check(); // all scanned
    expect(store.events.indexText(50)).toBe(70);
    check(); // half indexed, half scanned
    expect(store.events.indexText()).toBe(0);
    expect(store.events.textBacklog()).toBe(0);
    check(); // all indexed
    // Pages of a text search cross the index's mark without loss or repeats.
    for (let i = 0; i < 60; i++) store.events.insert(event({ sourceId: `N-${i}`, sourceLabel: `Northwind late ${i}` }));
    const pages: number[] = [];
    let cursor: number | null = null;
    for (;;) {
      const page = store.events.query({ text: 'northwind' }, 25, cursor);
      pages.push(...page.map((e) => e.id));
      if (page.length < 25) break;
      cursor = page[page.length - 1]!.id;
    }
    expect(pages).toHaveLength(80 + 60);
    expect(new Set(pages).size).toBe(pages.length);
    expect([...pages].sort((a, b) => b - a)).toEqual(pages);
    store.close();
    // Retention removes purged events from the text index too (the text-only count is answered by it).
    const aged = openStore(tmp());
    for (let i = 0; i < 30; i++) aged.events.insert(event({ at: '2020-01-01T00:00:00.000Z', sourceId: `OLD-${i}`, sourceLabel: `Zebra Ancient ${i}` }));
    aged.events.insert(event({ sourceId: 'NEW-1', sourceLabel: 'Zebra Recent' }));
    aged.events.indexText();
    expect(aged.events.count({ text: 'zebra' }, 100).count).toBe(31);
    expect(aged.events.purgeBefore('2021-01-01T00:00:00.000Z')).toBe(30);
    expect(aged.events.count({ text: 'zebra' }, 100).count).toBe(1);
    expect(aged.events.query({ text: 'zebra' }, 10, null).map((e) => e.sourceId)).toEqual(['NEW-1']);
    aged.close();
  });

  it('marks a failure resolved when the same record later succeeds, and retention keeps unresolved failures', () => {
    const store = openStore(tmp());
    const old = '2020-01-01T00:00:00.000Z';
    const failed = store.events.insert(event({ at: old, sourceId: 'X', action: 'failed', error: { kind: 'record', message: 'no' } }));
    const stillFailing = store.events.insert(event({ at: old, sourceId: 'Y', action: 'failed', error: { kind: 'record', message: 'no' } }));
    const success = store.events.insert(event({ at: old, sourceId: 'X', action: 'updated' }));
    expect(store.events.get(failed)?.resolved).toBe(true);
    expect(store.events.get(stillFailing)?.resolved).toBe(false);
    const purged = store.events.purgeBefore('2021-01-01T00:00:00.000Z');
    expect(purged).toBe(2);
    expect(store.events.get(success)).toBeUndefined();
    expect(store.events.get(stillFailing)).toBeDefined();
    store.close();
  });

  it('retention takes the side rows of purged events (what a replay sent, which fields an update changed) and keeps the others', () => {
    const store = openStore(tmp());
    const old = '2020-01-01T00:00:00.000Z';
    const aged = store.events.insert(event({ at: old, sourceId: 'A', action: 'updated' }));
    const kept = store.events.insert(event({ sourceId: 'B', action: 'updated' }));
    for (const id of [aged, kept]) {
      store.fieldChanges.record(id, [{ field: 'city', from: 'Bern', to: 'Zürich' }]);
      store.replaySends.record({ eventId: id, sent: 'stored', note: null, mappingSavedAt: old, mappingHash: 'abc' });
    }
    expect(store.events.purgeBefore('2021-01-01T00:00:00.000Z')).toBe(1);
    expect(store.fieldChanges.get(aged)).toBeUndefined();
    expect(store.replaySends.get(aged)).toBeUndefined();
    expect(store.fieldChanges.get(kept)).toEqual([{ field: 'city', from: 'Bern', to: 'Zürich' }]);
    expect(store.replaySends.get(kept)?.sent).toBe('stored');
    store.close();
  });

  it('keeps the write an unchanged event or an id_map row points to through retention (migration 0010)', () => {
    const store = openStore(tmp());
    const old = '2020-01-01T00:00:00.000Z';
    const cutoff = '2021-01-01T00:00:00.000Z';
    // A: written long ago, read unchanged recently (the unchanged event points at the write).
    const writeA = store.events.insert(event({ at: old, sourceId: 'A' }));
    // B: written long ago and still the write id_map remembers (a later unchanged read will point at it).
    const writeB = store.events.insert(event({ at: old, sourceId: 'B' }));
    // C: written long ago, written again since: nothing points to the first write any more.
    const firstC = store.events.insert(event({ at: old, sourceId: 'C' }));
    const secondC = store.events.insert(event({ sourceId: 'C', action: 'updated' }));
    const unchangedA = store.events.insert(event({ sourceId: 'A', action: 'unchanged', sourcePayload: null, mappedPayload: null, payloadOf: writeA }));
    store.idMap.setMany(
      [
        { flowId: 'f1', sourceId: 'B', destId: '102', hash: 'h', label: null, eventId: writeB },
        { flowId: 'f1', sourceId: 'C', destId: '103', hash: 'h', label: null, eventId: secondC },
      ],
      old,
    );
    // An echo registration (no event) keeps the write the row remembers.
    store.idMap.setMany([{ flowId: 'f1', sourceId: 'B', destId: '102', hash: 'h2', label: null }], old);
    expect(store.idMap.get('f1', 'B')).toEqual({ destId: '102', hash: 'h2', eventId: writeB });
    expect(store.events.get(unchangedA)?.payloadOf).toBe(writeA);

    expect(store.events.purgeBefore(cutoff)).toBe(1);
    expect(store.events.get(firstC)).toBeUndefined();
    expect(store.events.get(writeA)?.sourcePayload).toEqual({ IDCUST: 'C-1' });
    expect(store.events.get(writeB)).toBeDefined();
    store.close();
  });

  it('lets only one process hold a flow lock, and takes over a dead holder', () => {
    const dir = tmp();
    const a = openStore(dir);
    const b = openStore(dir);
    expect(a.locks.acquire('f1', 'serve').ok).toBe(true);
    const second = b.locks.acquire('f1', 'cli');
    expect(second.ok).toBe(false);
    a.locks.release('f1', 'serve');
    expect(b.locks.acquire('f1', 'cli').ok).toBe(true);
    // A holder whose pid is gone is stale.
    b.db.prepare('UPDATE flow_locks SET pid = 2147483000 WHERE flow_id = ?').run('f1');
    expect(a.locks.acquire('f1', 'serve').ok).toBe(true);
    a.close();
    b.close();
  });
});
