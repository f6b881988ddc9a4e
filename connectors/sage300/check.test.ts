// Test connection against the sandbox: each failure is told apart and carries the hint an admin needs.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../kit/types.ts';
import { startHarness, type Harness } from './test-support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ records: 10 });
});
afterAll(() => h.close());

const noSecrets = (r: CheckResult, password: string) => {
  const text = JSON.stringify(r);
  expect(text).not.toContain(password);
  expect(text).not.toContain(Buffer.from(`WEBAPI:${password}`).toString('base64'));
};

async function check(overrides: Parameters<Harness['connect']>[0] = {}, password?: string): Promise<CheckResult> {
  const c = h.connect(overrides, {}, password === undefined ? {} : { secrets: { password } });
  return c.check();
}

describe('check(): success', () => {
  it('connects, reports the company, the user and that the password was accepted as typed', async () => {
    await h.admin('requests/reset');
    const r = await check();
    expect(r.ok).toBe(true);
    expect(r.summary).toBe('Connected to SAMINC as WEBAPI (password accepted as typed).');
    expect(r.learned).toMatchObject({ passwordCase: 'exact', company: 'SAMINC', modules: { AR: true, AP: true, OE: true } });
    expect(r.problems).toEqual([]);
    noSecrets(r, h.password);
  });

  it('finds that a legacy server wants the password upper-cased, in two attempts', async () => {
    await h.admin('switches', { passwordCase: 'upper' });
    try {
      await h.admin('requests/reset');
      const r = await check();
      expect(r.ok).toBe(true);
      expect(r.learned).toMatchObject({ passwordCase: 'upper' });
      expect(r.summary).toContain('password accepted upper-cased');
      const ar = (await h.requests()).byEndpointStatus['GET AR/ARCustomers']!;
      expect(ar).toEqual({ '401': 1, '200': 1 });
      // With the learned setting the connector reads at once.
      const reader = h.connect({ passwordCase: 'upper' });
      expect((await reader.sources.arTerms.sample(2)).length).toBe(2);
    } finally {
      await h.admin('reset');
    }
  });
});

describe('check(): credentials', () => {
  it('a wrong password: AUTH_REJECTED after at most two attempts, with the casing and security-group hints', async () => {
    await h.admin('requests/reset');
    const r = await check({}, 'Not-The-Password');
    expect(r.ok).toBe(false);
    expect(r.problems[0]!.code).toBe('AUTH_REJECTED');
    expect(r.problems[0]!.hint).toMatch(/upper-case/);
    expect(r.problems[0]!.hint).toMatch(/Sage 300 Web API" right/);
    expect(r.problems[0]!.hint).toMatch(/AllowWebApiAccessForAdmin/);
    expect(r.summary).toContain('tried the password as typed and upper-cased');
    expect((await h.requests()).byEndpointStatus['GET AR/ARCustomers']).toEqual({ '401': 2 });
    noSecrets(r, 'Not-The-Password');
  });

  it.each([401, 403])('ADMIN blocked by default (%i): the hint names AllowWebApiAccessForAdmin in both web.config files', async (status) => {
    await h.admin('switches', { adminBlockedStatus: status });
    try {
      const r = await check({ user: 'admin' }, 'ADMIN');
      expect(r.ok).toBe(false);
      expect(r.problems[0]!.code).toBe('AUTH_REJECTED');
      expect(r.problems[0]!.hint).toMatch(/AllowWebApiAccessForAdmin/);
      expect(r.problems[0]!.hint).toMatch(/Online\\Web and Online\\WebApi/);
    } finally {
      await h.admin('reset');
    }
  });

  it('ADMIN works once the server allows it', async () => {
    await h.admin('switches', { adminBlocked: false });
    try {
      expect((await check({ user: 'admin' }, 'ADMIN')).ok).toBe(true);
    } finally {
      await h.admin('reset');
    }
  });

  it('403 on a module: connected, with MODULE_FORBIDDEN naming the module and the security group to grant', async () => {
    await h.admin('switches', { forbiddenModules: 'OE' });
    try {
      const r = await check();
      expect(r.ok).toBe(true);
      expect(r.summary).toContain('no Web API right for OE');
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toMatchObject({ code: 'MODULE_FORBIDDEN', data: { module: 'OE' } });
      expect(r.problems[0]!.hint).toMatch(/"Sage 300 Web API" right for OE/);
      expect(r.learned).toMatchObject({ modules: { AR: true, AP: true, OE: false } });
    } finally {
      await h.admin('reset');
    }
  });

  it('403 on AR itself fails the check', async () => {
    await h.admin('switches', { forbiddenModules: 'AR' });
    try {
      const r = await check();
      expect(r.ok).toBe(false);
      expect(r.problems[0]).toMatchObject({ code: 'MODULE_FORBIDDEN', data: { module: 'AR' } });
    } finally {
      await h.admin('reset');
    }
  });
});

describe('check(): where and what', () => {
  it('an unknown company is UNKNOWN_COMPANY, whichever error the install gives', async () => {
    const url = h.config.url.replace(/SAMINC$/, 'NOPE');
    for (const unknownCompanyError of ['DBLinkError', 'SessionError']) {
      await h.admin('switches', { unknownCompanyError });
      const r = await check({ url });
      expect(r.ok).toBe(false);
      expect(r.problems[0]!.code).toBe('UNKNOWN_COMPANY');
      expect(r.problems[0]!.hint).toMatch(/Org ID/);
    }
    await h.admin('reset');
  });

  it('a wrong application path is UNREACHABLE with the /Sage300WebApi hint', async () => {
    const url = h.config.url.replace('/Sage300WebApi/', '/SageWebApi/');
    const r = await check({ url });
    expect(r.problems[0]!.code).toBe('UNREACHABLE');
    expect(r.problems[0]!.hint).toMatch(/Sage300WebApi/);
  });

  it('a host where nothing listens is UNREACHABLE', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await check({ url: `http://127.0.0.1:${port}/Sage300WebApi`, company: 'SAMINC' });
    expect(r.ok).toBe(false);
    expect(r.problems[0]!.code).toBe('UNREACHABLE');
  });

  it('accepts the address without the company when the Company setting names it', async () => {
    const r = await check({ url: h.config.url.replace(/\/v1\.0\/-\/SAMINC$/, ''), company: 'saminc' });
    expect(r.ok).toBe(true);
  });
});

describe('check(): TLS trust', () => {
  let tls: Harness;
  let line: { fingerprint256: string; ca: string };
  beforeAll(async () => {
    tls = await startHarness({ records: 5, tls: true });
    line = tls.sandbox.line as typeof line;
  });
  afterAll(() => tls.close());

  it('an untrusted self-signed certificate is TLS_UNTRUSTED with the fingerprint to pin', async () => {
    const r = await tls.connect().check();
    expect(r.ok).toBe(false);
    expect(r.problems[0]!.code).toBe('TLS_UNTRUSTED');
    expect(r.problems[0]!.data).toMatchObject({ fingerprint256: line.fingerprint256, host: '127.0.0.1' });
  });

  it('pinning that fingerprint, or trusting the certificate as a CA, connects', async () => {
    expect((await tls.connect({ tls: { fingerprint256: line.fingerprint256.toLowerCase() } }).check()).ok).toBe(true);
    expect((await tls.connect({ tls: { ca: line.ca } }).check()).ok).toBe(true);
  });

  it('a pinned fingerprint that no longer matches is TLS_CHANGED', async () => {
    const r = await tls.connect({ tls: { fingerprint256: 'AA:'.repeat(31) + 'AA' } }).check();
    expect(r.problems[0]!.code).toBe('TLS_CHANGED');
    expect(r.problems[0]!.data).toMatchObject({ fingerprint256: line.fingerprint256 });
  });
});
