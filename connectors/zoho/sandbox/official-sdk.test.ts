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
  const environment = new Z.Environment(sb.apiDomain, `${sb.accountsUrl}/oauth/v2/token`, sb.apiDomain);
  const token = new Z.OAuthBuilder().clientId(sb.clientId).clientSecret(sb.clientSecret).refreshToken(sb.refreshToken).build();
  await (await new Z.InitializeBuilder()).environment(environment).token(token).store(new Z.FileStore(join(dir, 'tokens.txt'))).resourcePath(join(dir, 'res')).initialize();
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
