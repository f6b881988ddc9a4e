// The client against the sandbox over real sockets: token refresh and sharing, api_domain routing,
// reads, upserts with per-record results, check() diagnoses (issue #17 §1, §5).
import { describe, expect, it } from 'vitest';
import { BudgetExhaustedError } from '../kit/budget/api-budget.ts';
import { createSharedRegistry as createRegistry } from '../kit/registry.ts';
import { MemoryStateStore } from '../kit/state/memory-state.ts';
import { runDestinationConformance, runSourceConformance } from '../kit/testing/conformance.ts';
import { checkZoho } from './check.ts';
import { zohoDestination, zohoSource } from './entities.ts';
import { listPage, upsertBatch } from './records.ts';
import { adminCall, clientFor, withSandbox } from './test-support.ts';

type Info = { refreshes: number };

describe('Zoho client', () => {
  it('a token dying mid-run costs one refresh and one repeat; the run goes on', () =>
    withSandbox({ records: 5 }, async (sb) => {
      const client = clientFor(sb);
      try {
        expect((await listPage(client, 'Accounts', { fields: ['Account_Name'] })).records).toHaveLength(5);
        await adminCall(sb, 'POST', 'sessions/expire');
        expect((await listPage(client, 'Accounts', { fields: ['Account_Name'] })).records).toHaveLength(5);
        expect((await adminCall<Info>(sb, 'GET', 'info')).refreshes).toBe(2);
        const counters = await adminCall<{ byStatus: Record<string, number> }>(sb, 'GET', 'requests');
        expect(counters.byStatus['401']).toBe(1);
      } finally {
        await client.close();
      }
    }));

  it('refreshes ahead of expiry (5 minutes early), never after a 401', () =>
    withSandbox({ records: 1, switches: { tokenLifetimeSeconds: 301 } }, async (sb) => {
      const client = clientFor(sb);
      try {
        await listPage(client, 'Accounts', { fields: ['Account_Name'] });
        await new Promise((r) => setTimeout(r, 1100));
        await listPage(client, 'Accounts', { fields: ['Account_Name'] });
        expect((await adminCall<Info>(sb, 'GET', 'info')).refreshes).toBe(2);
        const counters = await adminCall<{ byStatus: Record<string, number> }>(sb, 'GET', 'requests');
        expect(counters.byStatus['401']).toBeUndefined();
      } finally {
        await client.close();
      }
    }));

  it('two processes needing a token at once refresh once (shared connection state)', () =>
    withSandbox({ records: 1 }, async (sb) => {
      const store = new MemoryStateStore();
      const a = clientFor(sb, { state: store.connection('zoho-1') });
      const b = clientFor(sb, { state: store.connection('zoho-1') });
      try {
        const [x, y] = await Promise.all([a.apiDomain(), b.apiDomain()]);
        expect(x).toBe(sb.apiDomain);
        expect(y).toBe(sb.apiDomain);
        await Promise.all([listPage(a, 'Accounts', { fields: ['Account_Name'] }), listPage(b, 'Accounts', { fields: ['Account_Name'] })]);
        expect((await adminCall<Info>(sb, 'GET', 'info')).refreshes).toBe(1);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    }));

  it('upserts on External_Id with per-record results in a 207 mix, inserts then updates', () =>
    withSandbox({ records: 1 }, async (sb) => {
      const client = clientFor(sb);
      try {
        const first = await upsertBatch(client, 'Accounts', [{ Account_Name: 'Acme Supply', External_Id: 'VEND-1200' }, { External_Id: 'VEND-1201' }], ['External_Id']);
        expect(first[0]).toMatchObject({ status: 'created' });
        expect(first[1]).toMatchObject({ status: 'failed', kind: 'record', retryable: false, code: 'ZOHO_MANDATORY_NOT_FOUND', message: expect.stringContaining('Account_Name') });
        const again = await upsertBatch(client, 'Accounts', [{ Account_Name: 'Acme Supply Ltd', External_Id: 'VEND-1200' }], ['External_Id']);
        expect(again[0]).toEqual({ status: 'updated', id: (first[0] as { id: string }).id });
        const allBad = await upsertBatch(client, 'Accounts', [{ External_Id: 'x' }], ['External_Id']);
        expect(allBad[0]).toMatchObject({ status: 'failed', code: 'ZOHO_MANDATORY_NOT_FOUND' });
      } finally {
        await client.close();
      }
    }));

  it('source and destination conformance (page_token past the page limit, resume, incremental)', () =>
    withSandbox({ records: 260, switches: { pageLimit: 200 } }, async (sb) => {
      const client = clientFor(sb);
      try {
        const report = await runSourceConformance(zohoSource(client, 'Accounts', { sourceFields: {} }), { minRecords: 260 });
        expect(report.full.pages).toBe(2);
        await runDestinationConformance(zohoDestination(client, 'Vendors'), {
          idProperty: 'External_Id',
          count: 20,
          makeRecord: (i) => ({ sourceId: `V${i}`, properties: { Vendor_Name: `Vendor ${i}`, External_Id: `VEND-${i}` } }),
          badRecord: { sourceId: 'bad', properties: { External_Id: 'VEND-bad', Email: 'not an email' } },
        });
      } finally {
        await client.close();
      }
    }));

  it('an incremental read returns what changed after the watermark', () =>
    withSandbox({ records: 30 }, async (sb) => {
      const client = clientFor(sb);
      try {
        const source = zohoSource(client, 'Accounts', { sourceFields: { Accounts: ['Account_Name', 'Phone'] } });
        const signpost = new Date();
        const watermark = source.watermarkFor(signpost);
        await adminCall(sb, 'POST', 'clock', { advanceMs: 5000 });
        const list = await adminCall<{ results: { id: string }[] }>(sb, 'GET', 'records/Accounts?limit=2');
        await adminCall(sb, 'PATCH', `records/Accounts/${list.results[1]?.id ?? ''}`, { changes: { Phone: '+44 20 0000' } });
        const ids: string[] = [];
        for await (const page of source.read({ since: watermark, signpost: new Date() })) ids.push(...page.records.map((r) => String(r.id)));
        expect(ids).toEqual([list.results[1]?.id]);
      } finally {
        await client.close();
      }
    }));
});

describe('Zoho deal lines', () => {
  it('a deal\'s Deal_Products rows carry the product\'s code (the Sage 300 item number)', () =>
    withSandbox({ records: 8 }, async (sb) => {
      const client = clientFor(sb);
      try {
        const source = zohoSource(client, 'Deals', { sourceFields: { Deals: ['Deal_Name', 'Stage', 'Deal_Products'] } });
        const rows: { Product_Code?: unknown; Quantity?: unknown }[] = [];
        for await (const page of source.read({ since: null, signpost: new Date() })) for (const r of page.records) rows.push(...((r.Deal_Products as typeof rows | null) ?? []));
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) expect(row.Product_Code).toMatch(/^[A-D]\d-\d{3}\/\d$/);
      } finally {
        await client.close();
      }
    }));
});

describe('Zoho credits', () => {
  it('stop the run before the org\'s last credits with a resume time; the budget is shared by clients of the org', () =>
    withSandbox({ records: 3, switches: { credits: 100 } }, async (sb) => {
      const registry = createRegistry();
      const a = clientFor(sb, { config: { creditsPerDay: 100 }, registry });
      const b = clientFor(sb, { config: { creditsPerDay: 100 }, registry });
      try {
        let calls = 0;
        let stop: unknown;
        for (; calls < 120; calls++) {
          try {
            await listPage(calls % 2 ? a : b, 'Accounts', { fields: ['Account_Name'] });
          } catch (e) {
            stop = e;
            break;
          }
        }
        // A 5 % reserve is never spent; the sandbox never had to refuse with 429.
        expect(calls).toBe(95);
        expect(stop).toBeInstanceOf(BudgetExhaustedError);
        expect((stop as BudgetExhaustedError).resumeAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
        const counters = await adminCall<{ byStatus: Record<string, number> }>(sb, 'GET', 'requests');
        expect(counters.byStatus['429']).toBeUndefined();
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    }));
});

describe('Zoho credits learned from the edition', () => {
  it.each([
    ['free', 5000],
    ['standard', 50_000 + 250 * 10],
    ['enterprise', 50_000 + 1000 * 10],
  ] as const)('%s: check() says the edition and its credits; the budget counts against them', (tier, credits) =>
    withSandbox({ records: 1, tier }, async (sb) => {
      const client = clientFor(sb, { config: { modules: ['Accounts'] } });
      try {
        const result = await checkZoho(client);
        expect(result.learned).toMatchObject({ edition: tier, licences: 10, creditsPerDay: credits });
        expect(await client.creditsPerDay()).toBe(credits);
      } finally {
        await client.close();
      }
    }));

  it('an admin\'s figure from the API dashboard wins over the edition\'s', () =>
    withSandbox({ records: 1, tier: 'professional' }, async (sb) => {
      const client = clientFor(sb, { config: { creditsPerDay: 777_000 } });
      try {
        expect(await client.creditsPerDay()).toBe(777_000);
      } finally {
        await client.close();
      }
    }));
});

describe('Zoho check()', () => {
  it('passes on a ready org and learns the API domain', () =>
    withSandbox({ records: 1 }, async (sb) => {
      const client = clientFor(sb, { config: { modules: ['Accounts', 'Contacts', 'Vendors', 'Deals', 'Products', 'Invoices'] } });
      const result = await checkZoho(client);
      await client.close();
      expect(result.problems).toEqual([]);
      expect(result).toMatchObject({ ok: true, learned: { apiDomain: sb.apiDomain } });
    }));

  it('tells a revoked refresh token, a wrong client or data centre, missing scopes, a missing External_Id and a missing module apart', () =>
    withSandbox({ records: 1, tier: 'free' }, async (sb) => {
      const diagnose = async (o: Parameters<typeof clientFor>[1]) => {
        const client = clientFor(sb, o);
        try {
          return await checkZoho(client);
        } finally {
          await client.close();
        }
      };
      const wrongClient = await diagnose({ secrets: { clientSecret: 'nope' } });
      expect(wrongClient.problems[0]).toMatchObject({ code: 'AUTH_REJECTED', data: { diagnosis: 'WRONG_CLIENT_OR_DATA_CENTRE' } });

      const { refreshToken: narrow } = await adminCall<{ refreshToken: string }>(sb, 'POST', 'refresh-tokens', { scopes: ['ZohoCRM.settings.ALL', 'ZohoCRM.modules.accounts.ALL'] });
      const scopes = await diagnose({ secrets: { refreshToken: narrow }, config: { modules: ['Accounts', 'Contacts'] } });
      expect(scopes.problems).toEqual([expect.objectContaining({ code: 'MISSING_SCOPE', message: expect.stringContaining('Contacts') })]);

      const edition = await diagnose({ config: { modules: ['Accounts', 'Invoices', 'Vendors'] } });
      expect(edition.problems.map((p) => p.data?.module)).toEqual(['Invoices', 'Vendors']);
      expect(edition.problems[0]).toMatchObject({ code: 'WRONG_TIER', data: { diagnosis: 'MODULE_NOT_IN_EDITION' } });

      const field = await diagnose({ config: { modules: ['Accounts'], externalIdField: 'ML_Key' } });
      expect(field.problems[0]).toMatchObject({ code: 'MISSING_FIELD', data: { diagnosis: 'MISSING_EXTERNAL_ID', module: 'Accounts' }, hint: expect.stringContaining('Do not allow duplicate values') });

      await adminCall(sb, 'DELETE', `refresh-tokens/${sb.refreshToken}`);
      const revoked = await diagnose({});
      expect(revoked.problems[0]).toMatchObject({ code: 'AUTH_REJECTED', data: { diagnosis: 'REFRESH_TOKEN_REJECTED' } });
    }));
});
