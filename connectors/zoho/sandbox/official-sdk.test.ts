// Zoho's official Node SDK (@zohocrm/nodejs-sdk-8.0) against the sandbox, pointed at it as spec §9 says:
// a custom Environment (API base, the full token URL, file base). Nothing here uses our connector; every
// request goes to the sandbox on 127.0.0.1. The SDK refreshes with a multipart body, reads users and org,
// caches field metadata, sends writes without a Content-Type and reads ids as BigInt — the sandbox must
// answer all of it as Zoho does.
import * as Z from '@zohocrm/nodejs-sdk-8.0';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZohoSandbox, type ZohoSandbox } from './index.ts';

let sb: ZohoSandbox;
let dir: string;

const code = (x: { getCode(): Z.Choice } | null) => x?.getCode().getValue();

async function list(module: string, fields: string[] | null): Promise<Z.APIResponse<Z.Record.ResponseWrapper | Z.Record.APIException>> {
  const params = new Z.ParameterMap();
  if (fields) await params.add(Z.Record.GetRecordsParam.FIELDS, fields.join(','));
  return new Z.Record.RecordOperations(module).getRecords(params, new Z.HeaderMap());
}

function body(records: { [field: string]: unknown }[], duplicateCheck?: string[]): Z.Record.BodyWrapper {
  const b = new Z.Record.BodyWrapper();
  b.setData(records.map((values) => {
    const r = new Z.Record.Record();
    for (const [k, v] of Object.entries(values)) r.addKeyValue(k, v);
    return r;
  }));
  if (duplicateCheck) b.setDuplicateCheckFields(duplicateCheck);
  return b;
}

beforeAll(async () => {
  sb = await startZohoSandbox({ port: 0, records: 5, tier: 'enterprise' });
  dir = mkdtempSync(join(tmpdir(), 'mlc-zoho-sdk-'));
  mkdirSync(join(dir, 'res'));
  writeFileSync(join(dir, 'tokens.txt'), '');
  // The resource path ends in a slash: the SDK's related-list cache appends "resources/" to it without one.
  const environment = new Z.Environment(sb.apiDomain, `${sb.accountsUrl}/oauth/v2/token`, sb.apiDomain);
  const token = new Z.OAuthBuilder().clientId(sb.clientId).clientSecret(sb.clientSecret).refreshToken(sb.refreshToken).build();
  await (await new Z.InitializeBuilder()).environment(environment).token(token).store(new Z.FileStore(join(dir, 'tokens.txt'))).resourcePath(`${join(dir, 'res')}/`).initialize();
});
afterAll(async () => {
  await sb?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the official Zoho SDK against the sandbox', () => {
  it('lists records with fields (ids as BigInt) and is refused without them', async () => {
    const ok = await list('Accounts', ['Account_Name', 'External_Id', 'Modified_Time']);
    expect(ok.getStatusCode()).toBe(200);
    const data = (ok.getObject() as Z.Record.ResponseWrapper).getData();
    expect(data).toHaveLength(5);
    expect(typeof data[0]!.getId()).toBe('bigint');
    const bad = await list('Accounts', null);
    expect(bad.getStatusCode()).toBe(400);
    expect(bad.getObject()).toBeInstanceOf(Z.Record.APIException);
    expect(code(bad.getObject() as Z.Record.APIException)).toBe('REQUIRED_PARAM_MISSING');
  });

  it('reads deals with their picklist stage, account lookup and product subform', async () => {
    const r = await list('Deals', ['Deal_Name', 'Stage', 'Account_Name', 'Deal_Products']);
    const deals = (r.getObject() as Z.Record.ResponseWrapper).getData();
    expect(deals.length).toBeGreaterThan(0);
    for (const d of deals) expect((d.getKeyValue('Stage') as Z.Choice).getValue()).toEqual(expect.any(String));
  });

  it('creates, upserts on External_Id, and answers 101 records and 207 mixes as Zoho does', async () => {
    const ops = new Z.Record.RecordOperations('Accounts');
    const created = await ops.createRecords(body([{ Account_Name: 'SDK Supply Co', External_Id: 'VEND-SDK1', Account_Type: new Z.Choice('Vendor') }]));
    expect(created.getStatusCode()).toBe(201);
    const first = (created.getObject() as Z.Record.ActionWrapper).getData()[0]!;
    expect(first).toBeInstanceOf(Z.Record.SuccessResponse);

    const upserted = await ops.upsertRecords(body([{ Account_Name: 'SDK Supply Co (renamed)', External_Id: 'VEND-SDK1' }], ['External_Id']));
    const item = (upserted.getObject() as Z.Record.ActionWrapper).getData()[0] as Z.Record.SuccessResponse;
    expect(item.getMessage().getValue()).toBe('record updated');
    expect(String(item.getDetails().get('id'))).toBe(String((first as Z.Record.SuccessResponse).getDetails().get('id')));

    const tooMany = await ops.createRecords(body(Array.from({ length: 101 }, (_, i) => ({ Account_Name: `Bulk ${i}` }))));
    expect(code(tooMany.getObject() as Z.Record.APIException)).toBe('LIMIT_EXCEEDED');

    const mixed = await ops.createRecords(body([{ Account_Name: 'Mixed good' }, { Phone: '1' }]));
    expect(mixed.getStatusCode()).toBe(207);
    expect((mixed.getObject() as Z.Record.ActionWrapper).getData().map((x) => code(x))).toEqual(['SUCCESS', 'MANDATORY_NOT_FOUND']);
  });

  it('searches with criteria: escaped commas and parentheses, in, datetimes as instants; 204 when nothing matches, INVALID_QUERY for an operator the field does not take', async () => {
    const ops = new Z.Record.RecordOperations('Accounts');
    const before = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const created = await ops.createRecords(body([{ Account_Name: 'Acme, Ltd', Employees: 40 }, { Account_Name: 'Acme (Holdings)', Employees: 400 }]));
    expect(created.getStatusCode()).toBe(201);
    const search = async (criteria: string): Promise<Z.APIResponse<Z.Record.ResponseWrapper | Z.Record.APIException>> => {
      const params = new Z.ParameterMap();
      await params.add(Z.Record.SearchRecordsParam.CRITERIA, criteria);
      await params.add(Z.Record.SearchRecordsParam.FIELDS, 'Account_Name,Employees');
      return ops.searchRecords(params, new Z.HeaderMap());
    };
    const names = (r: Z.APIResponse<Z.Record.ResponseWrapper | Z.Record.APIException>) => (r.getObject() as Z.Record.ResponseWrapper).getData().map((x) => x.getKeyValue('Account_Name')).sort();
    expect(names(await search('(Account_Name:equals:Acme\\, Ltd)'))).toEqual(['Acme, Ltd']);
    expect(names(await search('(Account_Name:in:Acme\\, Ltd,Acme \\(Holdings\\))'))).toEqual(['Acme (Holdings)', 'Acme, Ltd']);
    expect(names(await search(`((Account_Name:starts_with:acme)and(Employees:greater_equal:100))`))).toEqual(['Acme (Holdings)']);
    expect(names(await search(`((Modified_Time:greater_than:${before})and(Account_Name:starts_with:Acme))`))).toEqual(['Acme (Holdings)', 'Acme, Ltd']);
    const none = await search('(Account_Name:equals:Nobody at all)');
    expect(none.getStatusCode()).toBe(204);
    expect(none.getObject()).toBeNull();
    const bad = await search('(Account_Name:greater_than:Acme)');
    expect(bad.getStatusCode()).toBe(400);
    expect(code(bad.getObject() as Z.Record.APIException)).toBe('INVALID_QUERY');

    const count = new Z.ParameterMap();
    await count.add(Z.Record.RecordCountParam.CRITERIA, '(Account_Name:starts_with:Acme)');
    expect(Number(((await ops.recordCount(count)).getObject() as Z.Record.CountWrapper).getCount())).toBe(2);
  });

  it('queries with COQL: rows with lookups and info, 204 when nothing matches, SYNTAX_ERROR and LIMIT_EXCEEDED as APIException with their details', async () => {
    const accounts = new Z.Record.RecordOperations('Accounts');
    const created = await accounts.createRecords(body([{ Account_Name: 'Coql Parent Co', Employees: 900 }]));
    const parent = BigInt(String(((created.getObject() as Z.Record.ActionWrapper).getData()[0] as Z.Record.SuccessResponse).getDetails().get('id')));
    const link = new Z.Record.Record();
    link.addKeyValue('id', parent);
    expect((await accounts.createRecords(body([{ Account_Name: 'Coql Child Co', Employees: 12, Parent_Account: link }]))).getStatusCode()).toBe(201);
    const query = (q: string) => {
      const b = new Z.Coql.BodyWrapper();
      b.setSelectQuery(q);
      return new Z.Coql.CoqlOperations().getRecords(b);
    };
    const ok = await query("select Account_Name, Parent_Account, Parent_Account.Account_Name from Accounts where (Account_Name like 'Coql%' and Employees < 100) limit 0, 10");
    expect(ok.getStatusCode()).toBe(200);
    const wrapper = ok.getObject() as Z.Coql.ResponseWrapper;
    const [row] = wrapper.getData();
    expect(row!.getKeyValue('Account_Name')).toBe('Coql Child Co');
    expect(row!.getKeyValue('Parent_Account.Account_Name')).toBe('Coql Parent Co');
    expect(typeof row!.getId()).toBe('bigint');
    expect(wrapper.getInfo().getCount()).toBe(1);
    expect(wrapper.getInfo().getMoreRecords()).toBe(false);
    const none = await query("select Account_Name from Accounts where Account_Name = 'Nobody at all'");
    expect(none.getStatusCode()).toBe(204);
    const syntax = await query('select Account_Name from Accounts where Employees >');
    expect(syntax.getStatusCode()).toBe(400);
    const e = syntax.getObject() as Z.Coql.APIException;
    expect(code(e)).toBe('SYNTAX_ERROR');
    expect(e.getDetails().get('line')).toBe(1);
    const tooMany = await query('select Account_Name from Accounts where id is not null limit 5000');
    expect(code(tooMany.getObject() as Z.Coql.APIException)).toBe('LIMIT_EXCEEDED');
  });

  it('reads one record, updates it, deletes it and lists it among the deleted', async () => {
    const ops = new Z.Record.RecordOperations('Accounts');
    const created = await ops.createRecords(body([{ Account_Name: 'Short-lived Co' }]));
    const id = BigInt(String(((created.getObject() as Z.Record.ActionWrapper).getData()[0] as Z.Record.SuccessResponse).getDetails().get('id')));
    const one = await ops.getRecord(id, new Z.ParameterMap(), new Z.HeaderMap());
    expect((one.getObject() as Z.Record.ResponseWrapper).getData()[0]!.getKeyValue('Account_Name')).toBe('Short-lived Co');
    const update = new Z.Record.Record();
    update.addKeyValue('id', id);
    update.addKeyValue('Phone', '+44 20 7946 0001');
    const b = new Z.Record.BodyWrapper();
    b.setData([update]);
    const updated = await ops.updateRecords(b);
    expect(updated.getStatusCode()).toBe(200);
    expect(((updated.getObject() as Z.Record.ActionWrapper).getData()[0] as Z.Record.SuccessResponse).getMessage().getValue()).toBe('record updated');
    const ids = new Z.ParameterMap();
    await ids.add(Z.Record.DeleteRecordsParam.IDS, String(id));
    const deleted = await ops.deleteRecords(ids, new Z.HeaderMap());
    expect((deleted.getObject() as Z.Record.ActionWrapper).getData().map((x) => code(x))).toEqual(['SUCCESS']);
    expect((await ops.getRecord(id, new Z.ParameterMap(), new Z.HeaderMap())).getStatusCode()).toBe(204);
    const bin = await ops.getDeletedRecords(new Z.ParameterMap(), new Z.HeaderMap());
    const gone = (bin.getObject() as Z.Record.DeletedRecordsWrapper).getData();
    expect(gone.map((d) => [d.getId(), d.getDisplayName()])).toContainEqual([id, 'Short-lived Co']);
  });

  it('reads field metadata (all of a module, and one field by id) and a user by id', async () => {
    const params = new Z.ParameterMap();
    await params.add(Z.Fields.GetFieldsParam.MODULE, 'Deals');
    const all = ((await new Z.Fields.FieldsOperations().getFields(params)).getObject() as Z.Fields.ResponseWrapper).getFields();
    const stage = all.find((f) => f.getAPIName() === 'Stage')!;
    expect(stage.getDataType()).toBe('picklist');
    const oneParams = new Z.ParameterMap();
    await oneParams.add(Z.Fields.GetFieldParam.MODULE, 'Deals');
    const one = await new Z.Fields.FieldsOperations().getField(stage.getId(), oneParams);
    expect((one.getObject() as Z.Fields.ResponseWrapper).getFields().map((f) => f.getAPIName())).toEqual(['Stage']);
    const admin = sb.core.store.admin;
    const user = await new Z.Users.UsersOperations().getUser(BigInt(admin.id), new Z.HeaderMap());
    expect((user.getObject() as Z.Users.ResponseWrapper).getUsers().map((u) => u.getEmail())).toEqual([admin.email]);
  });

  it('lists an account’s contacts through its related list (the SDK reads /settings/related_lists first); 204 for an account without any', async () => {
    const ops = new Z.Record.RecordOperations('Accounts');
    const id = (x: Z.APIResponse<Z.Record.ActionWrapper | Z.Record.APIException>) => BigInt(String(((x.getObject() as Z.Record.ActionWrapper).getData()[0] as Z.Record.SuccessResponse).getDetails().get('id')));
    const account = id(await ops.createRecords(body([{ Account_Name: 'Related Co' }])));
    const lonely = id(await ops.createRecords(body([{ Account_Name: 'Lonely Co' }])));
    const link = new Z.Record.Record();
    link.addKeyValue('id', account);
    const contacts = await new Z.Record.RecordOperations('Contacts').createRecords(body([{ Last_Name: 'Ames', Account_Name: link }, { Last_Name: 'Brook', Account_Name: link }, { Last_Name: 'Elsewhere' }]));
    expect(contacts.getStatusCode()).toBe(201);
    const params = new Z.ParameterMap();
    await params.add(Z.RelatedRecords.GetRelatedRecordsParam.FIELDS, 'Last_Name,Account_Name');
    const related = await new Z.RelatedRecords.RelatedRecordsOperations('Contacts', 'Accounts').getRelatedRecords(account, params, new Z.HeaderMap());
    expect(related.getStatusCode()).toBe(200);
    expect((related.getObject() as Z.RelatedRecords.ResponseWrapper).getData().map((r) => r.getKeyValue('Last_Name')).sort()).toEqual(['Ames', 'Brook']);
    const none = await new Z.RelatedRecords.RelatedRecordsOperations('Contacts', 'Accounts').getRelatedRecords(lonely, params, new Z.HeaderMap());
    expect(none.getStatusCode()).toBe(204);
  });

  it('the SDK refreshed once (multipart form) and read the current user and the org', async () => {
    const info = (await (await fetch(`${sb.url}/__sandbox/info`)).json()) as { refreshes: number };
    expect(info.refreshes).toBe(1);
    const counters = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as { byEndpoint: { [endpoint: string]: number } };
    expect(counters.byEndpoint).toMatchObject({ 'POST /oauth/v2/token': 1, 'GET /crm/v8/users': 1, 'GET /crm/v8/org': 1 });
  });

  it('after the server expires its token, the SDK gets 401 INVALID_TOKEN as an answer object (it does not refresh on a 401)', async () => {
    await fetch(`${sb.url}/__sandbox/sessions/expire`, { method: 'POST' });
    const r = await list('Accounts', ['Account_Name']);
    expect(r.getStatusCode()).toBe(401);
    expect(code(r.getObject() as Z.Record.APIException)).toBe('INVALID_TOKEN');
  });
});
