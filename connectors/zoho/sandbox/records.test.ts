// The records API as an independent client sees it (spec §3–§5, §8, §12.3–7), over real sockets.
import { afterEach, describe, expect, it } from 'vitest';
import { startRaw, type RawClient } from './test-support.ts';

let raw: RawClient | undefined;
afterEach(async () => {
  await raw?.close();
  raw = undefined;
});

type List = { data: Record<string, unknown>[]; info: Record<string, unknown> };
type Writes = { data: Record<string, unknown>[] };

describe('Zoho sandbox: records', () => {
  it('requires fields; answers JSON with Content-Type application/json and the v8 info block', async () => {
    raw = await startRaw();
    const missing = await raw.api('GET', '/crm/v8/Accounts?per_page=200&');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'REQUIRED_PARAM_MISSING', status: 'error', details: { param: 'fields' } });
    const list = await raw.api('GET', '/crm/v8/Accounts?fields=Account_Name,Phone,External_Id,Modified_Time&per_page=200&');
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toMatch(/^application\/json/);
    const body = list.body as List;
    expect(body.info).toMatchObject({ per_page: 200, page: 1, more_records: false, count: 5 });
    expect(body.data[0]).toEqual({ Account_Name: expect.any(String), Phone: expect.any(String), External_Id: null, Modified_Time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/), id: expect.stringMatching(/^\d{19}$/) });
  });

  it('pages by page up to 2,000 records, then only with page_token; 204 on an empty module', async () => {
    raw = await startRaw({ records: 0 });
    expect((await raw.api('GET', '/crm/v8/Vendors?fields=Vendor_Name')).status).toBe(204);
    for (let i = 0; i < 25; i++) {
      const data = Array.from({ length: 100 }, (_, j) => ({ Vendor_Name: `Vendor ${i * 100 + j}`, External_Id: `VEND-${i * 100 + j}` }));
      expect((await raw.api('POST', '/crm/v8/Vendors', { body: { data } })).status).toBe(201);
    }
    const tenth = await raw.api('GET', '/crm/v8/Vendors?fields=Vendor_Name&page=10&per_page=200');
    expect((tenth.body as List).info.more_records).toBe(true);
    const eleventh = await raw.api('GET', '/crm/v8/Vendors?fields=Vendor_Name&page=11&per_page=200');
    expect(eleventh.status).toBe(400);
    expect(eleventh.body).toMatchObject({ code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED' });
    const seen = new Set<unknown>();
    let token: unknown = undefined;
    let calls = 0;
    do {
      const page = await raw.api('GET', `/crm/v8/Vendors?fields=Vendor_Name&per_page=200&sort_by=Modified_Time&sort_order=asc${token ? `&page_token=${String(token)}` : ''}`);
      const body = page.body as List;
      for (const r of body.data) seen.add(r.id);
      token = body.info.more_records ? body.info.next_page_token : undefined;
      calls++;
    } while (token);
    expect(seen.size).toBe(2500);
    expect(calls).toBe(13);
    const both = await raw.api('GET', '/crm/v8/Vendors?fields=Vendor_Name&page=2&page_token=abc');
    expect(both.status).toBe(400);
  });

  it('If-Modified-Since: only later changes, 304 when none', async () => {
    raw = await startRaw();
    const future = new Date(Date.now() + 3600_000).toISOString();
    const none = await raw.api('GET', '/crm/v8/Accounts?fields=Account_Name', { headers: { 'If-Modified-Since': future } });
    expect(none.status).toBe(304);
    expect(none.body).toBeUndefined();
    const since = new Date(Date.now() - 1000).toISOString();
    const acct = (await raw.api('GET', '/crm/v8/Accounts?fields=Account_Name')).body as List;
    await raw.admin('POST', 'clock', { advanceMs: 5_000 });
    await raw.admin('PATCH', `records/Accounts/${String(acct.data[0]?.id)}`, { changes: { Phone: '+1 555 0000' } });
    const changed = await raw.api('GET', '/crm/v8/Accounts?fields=Account_Name,Phone&sort_by=Modified_Time&sort_order=asc', { headers: { 'If-Modified-Since': since } });
    expect((changed.body as List).data.map((r) => r.id)).toEqual([acct.data[0]?.id]);
  });

  it('writes without Content-Type; 101 records → LIMIT_EXCEEDED with nothing written; 207 for a mix with per-record errors', async () => {
    raw = await startRaw();
    const before = ((await raw.api('GET', '/crm/v8/Accounts/actions/count')).body as { count: number }).count;
    const tooMany = await raw.api('POST', '/crm/v8/Accounts', { body: { data: Array.from({ length: 101 }, (_, i) => ({ Account_Name: `Bulk ${i}` })) } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ code: 'LIMIT_EXCEEDED', status: 'error' });
    expect(((await raw.api('GET', '/crm/v8/Accounts/actions/count')).body as { count: number }).count).toBe(before);

    const mixed = await raw.api('POST', '/crm/v8/Deals', {
      body: { data: [
        { Deal_Name: 'Good deal', Stage: 'Closed Won', Closing_Date: '2026-12-01', Amount: 1250 },
        { Stage: 'Closed Won', Closing_Date: '2026-12-01' },
        { Deal_Name: 'Bad stage', Stage: 'Won-ish', Closing_Date: '2026-12-01' },
        { Deal_Name: 'Bad amount', Stage: 'Qualification', Closing_Date: '2026-12-01', Amount: 'lots' },
        { Deal_Name: 'Bad account', Stage: 'Qualification', Closing_Date: '2026-12-01', Account_Name: { id: '1234' } },
      ], trigger: [] },
    });
    expect(mixed.status).toBe(207);
    const [ok, mandatory, stage, amount, account] = (mixed.body as Writes).data;
    expect(ok).toMatchObject({ code: 'SUCCESS', status: 'success', message: 'record added', details: { id: expect.stringMatching(/^\d{19}$/) } });
    expect(mandatory).toEqual({ code: 'MANDATORY_NOT_FOUND', status: 'error', message: 'required field not found', details: { api_name: 'Deal_Name', json_path: '$.data[1].Deal_Name' } });
    expect(stage).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Stage', supported_values: expect.arrayContaining(['Closed Won']) } });
    expect(amount).toMatchObject({ code: 'INVALID_DATA', details: { expected_data_type: 'double', api_name: 'Amount' } });
    expect(account).toMatchObject({ code: 'INVALID_DATA', message: 'the id given seems to be invalid.' });
  });

  it('upsert on External_Id answers action and duplicate_field; unique fields refuse duplicates with duplicate_record', async () => {
    raw = await startRaw();
    const upsert = (data: unknown[]) => raw!.api('POST', '/crm/v8/Accounts/upsert', { body: { data, duplicate_check_fields: ['External_Id'], trigger: [] } });
    const first = await upsert([{ Account_Name: 'Acme Supply', External_Id: 'VEND-1200', Phone: '1' }]);
    expect(first.status).toBe(200);
    expect((first.body as Writes).data[0]).toMatchObject({ code: 'SUCCESS', action: 'insert', duplicate_field: null, message: 'record added' });
    const again = await upsert([{ Account_Name: 'Acme Supply', External_Id: 'vend-1200', Phone: '2' }]);
    const item = (again.body as Writes).data[0] as { details: { id: string }; action: string; duplicate_field: string };
    expect(item).toMatchObject({ action: 'update', duplicate_field: 'External_Id', message: 'record updated' });
    expect(item.details.id).toBe(((first.body as Writes).data[0] as { details: { id: string } }).details.id);

    const dup = await raw.api('POST', '/crm/v8/Accounts', { body: { data: [{ Account_Name: 'Other', External_Id: 'VEND-1200' }] } });
    expect(dup.status).toBe(400);
    expect((dup.body as Writes).data[0]).toMatchObject({ code: 'DUPLICATE_DATA', details: { api_name: 'External_Id', duplicate_record: { id: item.details.id, module: { api_name: 'Accounts' } } } });
    const badField = await raw.api('POST', '/crm/v8/Accounts/upsert', { body: { data: [{ Account_Name: 'x' }], duplicate_check_fields: ['Phone'] } });
    expect(badField.status).toBe(400);
    expect(badField.body).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Phone' } });

    const byExternal = await raw.api('GET', '/crm/v8/Accounts/VEND-1200?fields=Account_Name,Phone', { headers: { 'X-EXTERNAL': 'Accounts.External_Id' } });
    expect((byExternal.body as List).data[0]).toMatchObject({ Account_Name: 'Acme Supply', Phone: '2' });
  });

  it('field metadata: Stage picklist with Closed Won, External_Id unique on Accounts, Contacts, Vendors and Deals, lookups name their module', async () => {
    raw = await startRaw();
    for (const module of ['Accounts', 'Contacts', 'Vendors', 'Deals']) {
      const { fields } = (await raw.api('GET', `/crm/v8/settings/fields?module=${module}&`)).body as { fields: Record<string, unknown>[] };
      expect(fields.find((f) => f.api_name === 'External_Id')).toMatchObject({ custom_field: true, data_type: 'text', unique: { casesensitive: 'false' } });
    }
    const { fields } = (await raw.api('GET', '/crm/v8/settings/fields?module=Deals')).body as { fields: { api_name: string; pick_list_values?: { display_value: string }[]; lookup?: unknown }[] };
    expect(fields.find((f) => f.api_name === 'Stage')?.pick_list_values?.map((p) => p.display_value)).toContain('Closed Won');
    expect(fields.find((f) => f.api_name === 'Account_Name')?.lookup).toMatchObject({ module: { api_name: 'Accounts', id: expect.any(String) } });
    const users = await raw.api('GET', '/crm/v8/users?type=CurrentUser&');
    expect((users.body as { users: unknown[] }).users).toHaveLength(1);
    expect((await raw.api('GET', '/crm/v8/org')).body).toMatchObject({ org: [{ id: expect.any(String) }] });
  });

  it('editions: the free edition has no inventory modules (INVALID_MODULE, api_supported false); unknown modules are INVALID_MODULE', async () => {
    raw = await startRaw({ tier: 'free' });
    for (const path of ['/crm/v8/Sales_Orders?fields=Subject', '/crm/v8/Vendors?fields=Vendor_Name', '/crm/v8/Invoices/upsert', '/crm/v8/Widgets?fields=x']) {
      const r = await raw.api(path.endsWith('upsert') ? 'POST' : 'GET', path, path.endsWith('upsert') ? { body: { data: [{}] } } : {});
      expect(r.status, path).toBe(400);
      expect(r.body, path).toMatchObject({ code: 'INVALID_MODULE', status: 'error' });
    }
    const { modules } = (await raw.api('GET', '/crm/v8/settings/modules')).body as { modules: { api_name: string; api_supported: boolean }[] };
    expect(modules.find((m) => m.api_name === 'Invoices')?.api_supported).toBe(false);
    expect(modules.find((m) => m.api_name === 'Deals')?.api_supported).toBe(true);
  });

  it('credits roll over 24 hours: 429 TOO_MANY_REQUESTS when used up, back as the oldest credits age out', async () => {
    raw = await startRaw({ switches: { credits: 10, tokenLifetimeSeconds: 86_400 } });
    await raw.admin('PUT', 'credits', { used: 6, agoSeconds: 23 * 3600 });
    for (let i = 0; i < 4; i++) expect((await raw.api('GET', '/crm/v8/org')).status).toBe(200);
    const refused = await raw.api('GET', '/crm/v8/org');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 'error' });
    await raw.admin('POST', 'clock', { advanceMs: 3601_000 });
    for (let i = 0; i < 6; i++) expect((await raw.api('GET', '/crm/v8/org')).status).toBe(200);
    expect((await raw.api('GET', '/crm/v8/org')).status).toBe(429);
  });

  it('concurrency: calls beyond the edition cap get 429', async () => {
    raw = await startRaw({ tier: 'free', switches: { latencyMs: 300 } });
    await raw.token();
    const replies = await Promise.all(Array.from({ length: 8 }, () => raw!.api('GET', '/crm/v8/org')));
    expect(replies.filter((r) => r.status === 429)).toHaveLength(3);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(5);
  });

  it('update, delete and /deleted', async () => {
    raw = await startRaw();
    const list = (await raw.api('GET', '/crm/v8/Contacts?fields=Last_Name')).body as List;
    const id = String(list.data[0]?.id);
    const upd = await raw.api('PUT', '/crm/v8/Contacts', { body: { data: [{ id, Title: 'Buyer' }, { id: '999', Title: 'x' }] } });
    expect(upd.status).toBe(207);
    expect((upd.body as Writes).data[1]).toMatchObject({ code: 'INVALID_DATA', details: { id: '999' } });
    const del = await raw.api('DELETE', `/crm/v8/Contacts?ids=${id}`);
    expect((del.body as Writes).data[0]).toMatchObject({ code: 'SUCCESS', details: { id } });
    expect((await raw.api('GET', `/crm/v8/Contacts/${id}`)).status).toBe(204);
    const deleted = (await raw.api('GET', '/crm/v8/Contacts/deleted?type=all')).body as List;
    expect(deleted.data[0]).toMatchObject({ id, type: 'recycle' });
  });
});
