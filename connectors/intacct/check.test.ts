// Test connection against the sandbox: each refusal gets its own diagnosis and fix.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test-support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ records: 5 });
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.admin('reset');
});

const reasonOf = (r: Awaited<ReturnType<ReturnType<Harness['connect']>['check']>>) => r.problems[0]?.data?.reason;

describe('check()', () => {
  it('connects with the sandbox credentials', async () => {
    const r = await h.connect().check();
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(r.summary).toContain('ACMEDEMO');
  });

  it('tells apart wrong sender credentials, wrong user credentials, an unknown company and an unknown entity', async () => {
    const sender = await h.connect({}, { senderPassword: 'wrong' }).check();
    expect(sender).toMatchObject({ ok: false, problems: [{ code: 'AUTH_REJECTED', data: { reason: 'SENDER_REJECTED' } }] });
    expect(sender.problems[0]!.hint).toMatch(/sender/i);
    const user = await h.connect({}, { userPassword: 'wrong' }).check();
    expect(reasonOf(user)).toBe('SIGN_IN_REJECTED');
    expect(user.problems[0]!.hint).toMatch(/user ID, the user password and the company ID/);
    await h.admin('switches', { unknownCompanyAnswer: 'invalid-company' });
    const company = await h.connect({ companyId: 'NOPE' }).check();
    expect(company.problems[0]).toMatchObject({ code: 'UNKNOWN_COMPANY', data: { reason: 'UNKNOWN_COMPANY' } });
    const entity = await h.connect({ entityId: 'NORTH' }).check();
    expect(entity.problems[0]).toMatchObject({ code: 'UNKNOWN_COMPANY', data: { reason: 'UNKNOWN_ENTITY' } });
  });

  it('a sender not authorised for the company, and missing permissions, each with the fix', async () => {
    await h.admin('switches', { senderAuthorized: false });
    const sender = await h.connect().check();
    expect(sender.problems[0]).toMatchObject({ code: 'AUTH_REJECTED', data: { reason: 'SENDER_NOT_AUTHORIZED' } });
    expect(sender.problems[0]!.hint).toMatch(/Web Services authorizations/);
    await h.admin('switches', { senderAuthorized: true, deniedObjects: 'APBILL' });
    const denied = await h.connect().check();
    expect(denied.ok).toBe(false);
    expect(denied.problems).toEqual([expect.objectContaining({ code: 'MISSING_SCOPE', data: { object: 'APBILL' } })]);
  });
});
