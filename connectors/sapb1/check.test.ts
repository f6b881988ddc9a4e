// check() over real sockets: each failure the wizard must tell apart, against the sandbox's users and
// switches, a closed port and an untrusted certificate.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../kit/testing/context.ts';
import { checkConnection } from './check.ts';
import { startHarness, type Harness } from './test-support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ records: 3 });
});
afterAll(() => h.close());

const check = (overrides: Record<string, unknown> = {}, password = h.line.password) =>
  checkConnection({ ...h.config, ...overrides }, testContext({ password }));

describe('check()', () => {
  it('connects and reports the version and session timeout', async () => {
    const r = await check();
    expect(r).toMatchObject({ ok: true, problems: [], learned: { sessionTimeoutMinutes: 30 } });
    expect(r.summary).toContain('SBODEMOUS');
  });

  it('wrong password: AUTH_REJECTED with code 100000027 and a hint that also names the licence', async () => {
    const r = await check({}, 'wrong');
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ code: 'AUTH_REJECTED', data: { slCode: '100000027', reason: 'SAPB1_LOGIN_FAILED' } });
    expect(r.problems[0]!.hint).toMatch(/licen[cs]e/i);
  });

  it('locked user (100000055) and unknown company database are told apart', async () => {
    const locked = await check({ user: 'locked' });
    expect(locked.problems[0]).toMatchObject({ code: 'AUTH_REJECTED', data: { slCode: '100000055', reason: 'SAPB1_USER_LOCKED' } });
    const company = await check({ companyDB: 'NOPE' });
    expect(company.problems[0]).toMatchObject({ code: 'UNKNOWN_COMPANY' });
    expect(company.problems[0]!.hint).toMatch(/SLD/);
  });

  it('a user without a licence: its own diagnosis when the server names the licence, the wrong-password hint (naming it) when not', async () => {
    const named = await check({ user: 'nolicense' });
    expect(named.problems[0]).toMatchObject({ code: 'AUTH_REJECTED', data: { reason: 'SAPB1_NO_LICENSE' } });
    expect(named.problems[0]!.hint).toMatch(/License Administration/);
    await h.admin('switches', { unlicensedAnswer: 'loginFailed' });
    const silent = await check({ user: 'nolicense' });
    expect(silent.problems[0]).toMatchObject({ code: 'AUTH_REJECTED', data: { reason: 'SAPB1_LOGIN_FAILED' } });
    expect(silent.problems[0]!.hint).toMatch(/License Administration/);
    await h.admin('switches', { unlicensedAnswer: 'licenseMessage' });
  });

  it('host unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await check({ url: `http://127.0.0.1:${port}/b1s/v2` });
    expect(r.problems[0]!.code).toBe('UNREACHABLE');
  });

  it('certificate not trusted: the fingerprint is shown, and pinning it connects', async () => {
    const tls = await startHarness({ records: 2, tls: true });
    try {
      const untrusted = await checkConnection(tls.config, testContext({ password: tls.line.password }));
      expect(untrusted.problems[0]).toMatchObject({ code: 'TLS_UNTRUSTED', data: { fingerprint256: tls.line.fingerprint256 } });
      const pinned = await checkConnection({ ...tls.config, tls: { fingerprint256: tls.line.fingerprint256! } }, testContext({ password: tls.line.password }));
      expect(pinned.ok).toBe(true);
    } finally {
      await tls.close();
    }
  });
});
