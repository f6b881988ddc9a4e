// The setup wizard and the edit form test details before saving them: the service keeps that test as the
// connection's last one when exactly the tested details are saved (against the real Sage 300 sandbox),
// and never when anything a test checks — settings, secrets — changed in between.
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../connectors/sage300/sandbox/index.ts';
import { useTempServices } from '../../test/support/temp-services.ts';
import { testedDrafts } from './tested-drafts.ts';

const { service, onCleanup } = useTempServices();

async function sage300() {
  const sandbox = await startSandbox({ port: 0 });
  onCleanup(() => sandbox.close());
  return { settings: { url: sandbox.url, user: 'WEBAPI' }, password: String(sandbox.line['password']) };
}

const lastCheckOf = async (s: ReturnType<typeof service>, id: string) => (await s.impl['connections:list']({})).find((c) => c.id === id)!.lastCheck;

describe('a test before saving counts for exactly the details saved', () => {
  it('a connection created with the details the wizard tested shows that test; other details show none', async () => {
    const s = service();
    const { settings, password } = await sage300();
    const input = { system: 'sage300' as const, name: 'Company A', settings, secrets: { password } };

    const passed = await s.impl['connections:test']({ draft: input });
    expect(passed.ok).toBe(true);
    const created = await s.impl['connections:create'](input);
    expect(created.lastCheck).toEqual(passed);

    // Tested, then the password was changed before saving: the test does not stand for it.
    const other = await s.impl['connections:create']({ ...input, name: 'Company B', secrets: { password: 'typed-after-the-test' } });
    expect(other.lastCheck).toBeNull();
    // Nor for other settings with the tested password.
    const moved = await s.impl['connections:create']({ ...input, name: 'Company C', settings: { ...settings, user: 'ADMIN' } });
    expect(moved.lastCheck).toBeNull();

    // A failed test of exactly what is saved is kept as failed, with its diagnosis.
    const wrong = { ...input, name: 'Company D', secrets: { password: 'not-the-password' } };
    const failed = await s.impl['connections:test']({ draft: wrong });
    expect(failed.ok).toBe(false);
    expect((await s.impl['connections:create'](wrong)).lastCheck).toEqual(failed);
    expect(await lastCheckOf(s, created.id)).toEqual(passed);
  });

  it('an edit keeps the test of the edited details, a rename keeps the last test, untested details clear it', async () => {
    const s = service();
    const { settings, password } = await sage300();
    const saved = await s.impl['connections:create']({ system: 'sage300', name: 'Company A', settings, secrets: { password } });
    const first = await s.impl['connections:test']({ id: saved.id });
    expect(first.ok).toBe(true);

    const renamed = await s.impl['connections:update']({ id: saved.id, patch: { name: 'Company A (head office)' } });
    expect(renamed.lastCheck).toEqual(first);
    // The edit form sends every field, defaults included: the connector is given the same, the test stands.
    const resaved = await s.impl['connections:update']({ id: saved.id, patch: { settings: { ...settings, pageSize: 100 } } });
    expect(resaved.lastCheck).toEqual(first);

    // The edit form tests a rotated password (stored secrets stand in for those left empty), then saves it.
    const draft = { system: 'sage300' as const, name: 'Company A (head office)', settings: { ...settings, user: 'ADMIN' } };
    const edited = await s.impl['connections:test']({ id: saved.id, draft: { ...draft, secrets: { password } } });
    const kept = await s.impl['connections:update']({ id: saved.id, patch: { settings: draft.settings, secrets: { password } } });
    expect(kept.lastCheck).toEqual(edited);
    expect(kept.lastCheck).not.toEqual(first);

    const untested = await s.impl['connections:update']({ id: saved.id, patch: { settings } });
    expect(untested.lastCheck).toBeNull();
  });

  it('a stored secret this machine cannot read (another keychain after a restore) does not stop entering it again', async () => {
    const s = service();
    const { settings, password } = await sage300();
    const saved = await s.impl['connections:create']({ system: 'sage300', name: 'Company A', settings, secrets: { password } });
    await s.impl['connections:test']({ id: saved.id });
    s.ctx.store.secrets.set(saved.id, 'password', Buffer.from('sealed by another machine'));
    const again = await s.impl['connections:update']({ id: saved.id, patch: { secrets: { password } } });
    expect(again.lastCheck).toBeNull();
    expect((await s.impl['connections:test']({ id: saved.id })).ok).toBe(true);
  });
});

describe('testedDrafts', () => {
  const details = { system: 'hubspot', settings: { baseUrl: 'http://127.0.0.1:1', a: { y: 1, x: 2 } }, tls: {}, secrets: { accessToken: 'pat-1' } };
  const result = { ok: true, summary: 'Signed in', problems: [], checkedAt: '2026-12-07T10:00:00.000Z' };

  it('matches the same details whatever the order of their keys, and nothing else', () => {
    const memo = testedDrafts();
    memo.remember(details, result);
    expect(memo.resultFor({ ...details, settings: { a: { x: 2, y: 1 }, baseUrl: 'http://127.0.0.1:1' } })).toEqual(result);
    expect(memo.resultFor({ ...details, secrets: { accessToken: 'pat-2' } })).toBeNull();
    expect(memo.resultFor({ ...details, tls: { fingerprint256: 'AB' } })).toBeNull();
    expect(memo.resultFor({ ...details, system: 'zoho' })).toBeNull();
  });

  it('forgets a test after an hour', () => {
    let now = 0;
    const memo = testedDrafts(() => now);
    memo.remember(details, result);
    now = 59 * 60_000;
    expect(memo.resultFor(details)).toEqual(result);
    now = 61 * 60_000;
    expect(memo.resultFor(details)).toBeNull();
  });
});
