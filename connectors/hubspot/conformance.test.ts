// Conformance: the official @hubspot/api-client (v13) drives the sandbox through its generated APIs,
// which accept exactly one success status per call (plus 207 on batches) and deserialize the JSON
// shapes — so a wrong status or shape in the sandbox fails here. Its signature helper and ours
// must agree on v3 signatures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Signature } from '@hubspot/api-client';
import { signatureV3 } from './webhooks.ts';
import type { HubSpotSandbox } from './sandbox/index.ts';
import { apiError, startWithOfficialSdk } from './official-sdk-fixture.ts';
import { runDestinationConformance, runSourceConformance } from '../kit/testing/conformance.ts';
import { hubspotDestination, hubspotSource } from './entities.ts';
import { ensureProperties } from './properties.ts';
import { HubSpotClient } from './client.ts';

let sb: HubSpotSandbox;
let sdk: Client;
beforeAll(async () => {
  ({ sb, sdk } = await startWithOfficialSdk());
});
afterAll(() => sb.close());


describe('@hubspot/api-client against the sandbox', () => {
  let companyId = '';
  let contactId = '';

  it('creates a unique property (201) and lists properties (200)', async () => {
    const p = await sdk.crm.properties.coreApi.create('companies', { name: 'ml_sdk_key', label: 'SDK key', type: 'string' as never, fieldType: 'text' as never, groupName: 'companyinformation', hasUniqueValue: true });
    expect(p.hasUniqueValue).toBe(true);
    const all = await sdk.crm.properties.coreApi.getAll('companies');
    expect(all.results.some((x) => x.name === 'ml_sdk_key')).toBe(true);
    expect((await apiError(sdk.crm.properties.coreApi.create('companies', { name: 'ml_sdk_key', label: 'x', type: 'string' as never, fieldType: 'text' as never, groupName: 'companyinformation' }))).code).toBe(409);
  });

  it('creates (201), reads (200, by id and by idProperty), updates (200) and archives (204)', async () => {
    const created = await sdk.crm.companies.basicApi.create({ properties: { name: 'SDK Co', ml_sdk_key: 'K-1' }, associations: [] });
    companyId = created.id;
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created.properties.name).toBe('SDK Co');
    const byId = await sdk.crm.companies.basicApi.getById(companyId, ['name']);
    expect(byId.properties.name).toBe('SDK Co');
    const byKey = await sdk.crm.companies.basicApi.getById('K-1', ['name'], undefined, undefined, false, 'ml_sdk_key');
    expect(byKey.id).toBe(companyId);
    const updated = await sdk.crm.companies.basicApi.update(companyId, { properties: { city: 'Leeds' } });
    expect(updated.properties.city).toBe('Leeds');
    const temp = await sdk.crm.companies.basicApi.create({ properties: { name: 'Temp' }, associations: [] });
    await sdk.crm.companies.basicApi.archive(temp.id);
    expect((await apiError(sdk.crm.companies.basicApi.getById(temp.id))).code).toBe(404);
  });

  it('batch-upserts by idProperty (200) with new flags, and batch-creates with a 207 for a conflict', async () => {
    const res = await sdk.crm.companies.batchApi.upsert({ inputs: [{ idProperty: 'ml_sdk_key', id: 'K-1', properties: { name: 'SDK Co renamed' } }, { idProperty: 'ml_sdk_key', id: 'K-2', properties: { name: 'Second' } }] });
    const byKey = Object.fromEntries(res.results.map((r) => [r.properties.ml_sdk_key ?? r.id, r._new]));
    expect(res.results.find((r) => r.id === companyId)?._new).toBe(false);
    expect(Object.values(byKey)).toContain(true);
    const partial = await sdk.crm.companies.batchApi.create({
      inputs: [
        { properties: { name: 'Third', ml_sdk_key: 'K-3' }, associations: [], objectWriteTraceId: 'a' },
        { properties: { name: 'Clash', ml_sdk_key: 'K-2' }, associations: [], objectWriteTraceId: 'b' },
      ],
    });
    expect(partial.results).toHaveLength(1);
    expect('numErrors' in partial && partial.numErrors).toBe(1);
    const allOrNothing = await apiError(sdk.crm.companies.batchApi.create({ inputs: [{ properties: { name: 'Fourth', ml_sdk_key: 'K-4' }, associations: [] }, { properties: { name: 'Clash', ml_sdk_key: 'K-2' }, associations: [] }] }));
    expect(allOrNothing.code).toBe(409);
    expect(allOrNothing.body.category).toBe('CONFLICT');
  });

  it('batch-reads (200) and pages with getPage/getAll until paging ends', async () => {
    const read = await sdk.crm.companies.batchApi.read({ inputs: [{ id: companyId }], properties: ['name'], propertiesWithHistory: [] });
    expect(read.results[0]?.properties.name).toBe('SDK Co renamed');
    // By a unique property, with a key nobody holds: 207, the found record plus OBJECT_NOT_FOUND naming the key.
    const byKey = await sdk.crm.companies.batchApi.read({ idProperty: 'ml_sdk_key', inputs: [{ id: 'K-1' }, { id: 'K-none' }], properties: ['name'], propertiesWithHistory: [] });
    expect(byKey.results.map((r) => r.id)).toEqual([companyId]);
    const errors = 'errors' in byKey ? (byKey.errors ?? []) : [];
    expect(errors.map((e) => [e.category, e.context?.ids])).toEqual([['OBJECT_NOT_FOUND', ['K-none']]]);
    const over = await apiError(sdk.crm.companies.batchApi.read({ inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) })), properties: [], propertiesWithHistory: [] }));
    expect(over.code).toBe(400);
    await fetch(`${sb.url}/__sandbox/seed`, { method: 'POST', body: JSON.stringify({ companies: Array.from({ length: 230 }, (_, i) => ({ name: `Bulk ${i}` })) }) });
    const page = await sdk.crm.companies.basicApi.getPage(100, undefined, ['name']);
    expect(page.results).toHaveLength(100);
    expect(page.paging?.next?.after).toBeTruthy();
    const all = await sdk.crm.companies.getAll(100, undefined, ['name']);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(233);
  });

  it('searches (200) with filters, string sorts, total and numeric after', async () => {
    const res = await sdk.crm.companies.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'name', operator: 'CONTAINS_TOKEN' as never, value: 'Bulk' }] }], sorts: ['-createdate'], properties: ['name'], limit: 50, after: '0' });
    expect(res.total).toBe(230);
    expect(res.results).toHaveLength(50);
    expect(res.paging?.next?.after).toBe('50');
    const tooFar = await apiError(sdk.crm.companies.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 10, after: '10000' }));
    expect(tooFar.code).toBe(400);
  });

  it('associates with v4 (labelled 201, default 200, batch 201, reads 200)', async () => {
    const contact = await sdk.crm.contacts.basicApi.create({ properties: { email: 'sdk@acme.example', firstname: 'Sdk' }, associations: [] });
    contactId = contact.id;
    const labelled = await sdk.crm.associations.v4.basicApi.create('contacts', contactId, 'companies', companyId, [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 1 }]);
    expect(labelled.labels).toContain('Primary');
    const other = await sdk.crm.companies.basicApi.create({ properties: { name: 'Other' }, associations: [] });
    const def = await sdk.crm.associations.v4.basicApi.createDefault('contacts', contactId, 'companies', other.id);
    expect(def.results[0]?.associationSpec.associationTypeId).toBe(279);
    const deal = await sdk.crm.deals.basicApi.create({ properties: { dealname: 'SDK deal', pipeline: 'default', dealstage: 'closedwon' }, associations: [] });
    const batch = await sdk.crm.associations.v4.batchApi.create('deals', 'companies', { inputs: [{ _from: { id: deal.id }, to: { id: companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 5 }] }] });
    expect(batch.results).toHaveLength(1);
    const listed = await sdk.crm.associations.v4.basicApi.getPage('contacts', contactId, 'companies');
    expect(listed.results.map((r) => r.toObjectId).sort()).toEqual([companyId, other.id].sort());
    const batchRead = await sdk.crm.associations.v4.batchApi.getPage('contacts', 'companies', { inputs: [{ id: contactId }] });
    const types = batchRead.results[0]?.to.find((t) => t.toObjectId === companyId)?.associationTypes.map((t) => t.typeId);
    expect(types).toEqual([1, 279]);
  });

  it('creates an invoice with line items through crm.commerce.invoices and crm.lineItems', async () => {
    const invoice = await sdk.crm.commerce.invoices.basicApi.create({ properties: { hs_currency: 'GBP' }, associations: [] });
    const line = await sdk.crm.lineItems.basicApi.create({ properties: { name: 'Widget', quantity: '1', price: '5' }, associations: [] });
    await sdk.crm.associations.v4.basicApi.createDefault('invoices', invoice.id, 'line_items', line.id);
    await sdk.crm.associations.v4.basicApi.createDefault('invoices', invoice.id, 'contacts', contactId);
    const opened = await sdk.crm.commerce.invoices.basicApi.update(invoice.id, { properties: { hs_invoice_status: 'open' } });
    expect(opened.properties.hs_invoice_status).toBe('open');
  });

  it('lists owners (paged, archived apart) and reads one by id and by userId; owner properties take only active owner ids', async () => {
    const first = await sdk.crm.owners.ownersApi.getPage(undefined, undefined, 2);
    expect(first.results.map((o) => o.type)).toEqual(['PERSON', 'PERSON']);
    expect(first.results[0]?.createdAt).toBeInstanceOf(Date);
    const rest = await sdk.crm.owners.ownersApi.getPage(undefined, first.paging?.next?.after, 2);
    expect(rest.paging).toBeUndefined();
    const active = [...first.results, ...rest.results];
    expect(active.every((o) => !o.archived)).toBe(true);
    const gone = await sdk.crm.owners.ownersApi.getPage(undefined, undefined, 100, true);
    expect(gone.results.map((o) => o.archived)).toEqual([true]);
    const byEmail = await sdk.crm.owners.ownersApi.getPage(active[1]?.email);
    expect(byEmail.results.map((o) => o.id)).toEqual([active[1]?.id]);
    const owner = active[0]!;
    expect((await sdk.crm.owners.ownersApi.getById(Number(owner.id))).email).toBe(owner.email);
    expect((await sdk.crm.owners.ownersApi.getById(owner.userId!, 'userId')).id).toBe(owner.id);
    expect((await apiError(sdk.crm.owners.ownersApi.getById(1))).code).toBe(404);

    const ownerProperty = await sdk.crm.properties.coreApi.getByName('deals', 'hubspot_owner_id');
    expect(ownerProperty).toMatchObject({ type: 'enumeration', referencedObjectType: 'OWNER', externalOptions: true });
    const assigned = await sdk.crm.deals.basicApi.create({ properties: { dealname: 'Owned', hubspot_owner_id: owner.id }, associations: [] });
    expect(assigned.properties.hubspot_owner_id).toBe(owner.id);
    const refused = await apiError(sdk.crm.deals.basicApi.create({ properties: { dealname: 'Nobody', hubspot_owner_id: gone.results[0]!.id }, associations: [] }));
    expect(refused.code).toBe(400);
    expect(refused.body).toMatchObject({ category: 'VALIDATION_ERROR', errors: [{ code: 'INVALID_OWNER_ID', in: 'hubspot_owner_id' }] });
  });

  it('reads the default deal pipeline and its stages, and a created pipeline’s stages become dealstage values', async () => {
    const all = await sdk.crm.pipelines.pipelinesApi.getAll('deals');
    const sales = all.results.find((p) => p.id === 'default');
    expect(sales?.label).toBe('Sales Pipeline');
    expect(sales?.stages.find((s) => s.id === 'closedwon')?.metadata).toEqual({ isClosed: 'true', probability: '1.0' });
    expect(sales?.createdAt).toBeInstanceOf(Date);
    const stages = await sdk.crm.pipelines.pipelineStagesApi.getAll('deals', 'default');
    expect(stages.results.map((s) => s.id)).toEqual(sales?.stages.map((s) => s.id));
    expect((await sdk.crm.pipelines.pipelineStagesApi.getById('deals', 'default', 'contractsent')).label).toBe('Contract Sent');
    expect((await apiError(sdk.crm.pipelines.pipelinesApi.getById('deals', 'nope'))).code).toBe(404);

    const created = await sdk.crm.pipelines.pipelinesApi.create('deals', { label: 'Renewals', displayOrder: 1, stages: [{ label: 'Due', displayOrder: 0, metadata: { probability: '0.5' } }, { label: 'Renewed', displayOrder: 1, metadata: { probability: '1.0', isClosed: 'true' } }] });
    expect(created.stages).toHaveLength(2);
    expect((await sdk.crm.pipelines.pipelinesApi.getById('deals', created.id)).label).toBe('Renewals');
    const extra = await sdk.crm.pipelines.pipelineStagesApi.create('deals', created.id, { label: 'Lapsed', displayOrder: 2, metadata: { probability: '0.0', isClosed: 'true' } });
    const deal = await sdk.crm.deals.basicApi.create({ properties: { dealname: 'Renewal 1', pipeline: created.id, dealstage: extra.id }, associations: [] });
    expect(deal.properties.dealstage).toBe(extra.id);
    const badStage = await apiError(sdk.crm.deals.basicApi.create({ properties: { dealname: 'Renewal 2', pipeline: created.id, dealstage: 'Lapsed' }, associations: [] }));
    expect(badStage.code).toBe(400);
    const noProbability = await apiError(sdk.crm.pipelines.pipelineStagesApi.create('deals', created.id, { label: 'Odd', displayOrder: 3 }));
    expect(noProbability.code).toBe(400);
    expect((await apiError(sdk.crm.pipelines.pipelinesApi.getAll('companies'))).code).toBe(400);
  });

  it('batch-reads and archives properties (one by name, a batch); HubSpot-defined ones cannot be archived', async () => {
    await sdk.crm.properties.coreApi.create('contacts', { name: 'ml_tmp_a', label: 'Tmp A', type: 'string' as never, fieldType: 'text' as never, groupName: 'contactinformation' });
    await sdk.crm.properties.coreApi.create('contacts', { name: 'ml_tmp_b', label: 'Tmp B', type: 'string' as never, fieldType: 'text' as never, groupName: 'contactinformation' });
    const read = await sdk.crm.properties.batchApi.read('contacts', { archived: false, inputs: [{ name: 'ml_tmp_a' }, { name: 'email' }, { name: 'no_such' }] });
    expect(read.results.map((p) => p.name).sort()).toEqual(['email', 'ml_tmp_a']);
    expect('numErrors' in read && read.numErrors).toBe(1);
    await sdk.crm.properties.coreApi.archive('contacts', 'ml_tmp_a');
    await sdk.crm.properties.batchApi.archive('contacts', { inputs: [{ name: 'ml_tmp_b' }] });
    expect((await apiError(sdk.crm.properties.coreApi.getByName('contacts', 'ml_tmp_a'))).code).toBe(404);
    expect((await apiError(sdk.crm.properties.coreApi.getByName('contacts', 'ml_tmp_b'))).code).toBe(404);
    expect((await apiError(sdk.crm.properties.coreApi.archive('contacts', 'email'))).code).toBe(400);
  });

  it('batch-reads associations: 207 with one NO_ASSOCIATIONS_FOUND error per record that has none', async () => {
    const lonely = await sdk.crm.contacts.basicApi.create({ properties: { email: 'lonely@acme.example' }, associations: [] });
    const res = await sdk.crm.associations.v4.batchApi.getPage('contacts', 'companies', { inputs: [{ id: contactId }, { id: lonely.id }] });
    expect(res.results.map((r) => r._from.id)).toEqual([contactId]);
    const errors = 'errors' in res ? (res.errors ?? []) : [];
    expect(errors.map((e) => [e.category, e.subCategory, e.context?.fromObjectId])).toEqual([['OBJECT_NOT_FOUND', 'crm.associations.NO_ASSOCIATIONS_FOUND', [lonely.id]]]);
    const fromCompany = await sdk.crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs: [{ id: companyId }] });
    const labels = fromCompany.results[0]?.to.find((t) => t.toObjectId === contactId)?.associationTypes.map((t) => t.label);
    expect(labels).toContain('Contact with Primary Company');
  });

  it('takes a label off with batch/labels/archive (the unlabelled association stays), and the unlabelled type takes the whole pair', async () => {
    const contact = await sdk.crm.contacts.basicApi.create({ properties: { email: 'labels@acme.example' }, associations: [] });
    await sdk.crm.associations.v4.basicApi.create('contacts', contact.id, 'companies', companyId, [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 1 }]);
    const types = async (): Promise<number[]> => (await sdk.crm.associations.v4.basicApi.getPage('contacts', contact.id, 'companies')).results.flatMap((r) => r.associationTypes.map((t) => t.typeId)).sort((a, b) => a - b);
    expect(await types()).toEqual([1, 279]);
    await sdk.crm.associations.v4.batchApi.archiveLabels('contacts', 'companies', { inputs: [{ _from: { id: contact.id }, to: { id: companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 1 }] }] });
    expect(await types()).toEqual([279]);
    await sdk.crm.associations.v4.basicApi.create('contacts', contact.id, 'companies', companyId, [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 1 }]);
    await sdk.crm.associations.v4.batchApi.archiveLabels('contacts', 'companies', { inputs: [{ _from: { id: contact.id }, to: { id: companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 279 }] }] });
    expect(await types()).toEqual([]);
  });

  it('merges two companies (200): the primary keeps its values, fills its gaps, takes the contacts and lists the merged id', async () => {
    const keep = await sdk.crm.companies.basicApi.create({ properties: { name: 'Keep Ltd', city: 'York' }, associations: [] });
    const gone = await sdk.crm.companies.basicApi.create({ properties: { name: 'Gone Ltd', city: 'Hull', phone: '+44 1482 000000' }, associations: [] });
    const person = await sdk.crm.contacts.basicApi.create({ properties: { email: 'merge@acme.example' }, associations: [] });
    await sdk.crm.associations.v4.basicApi.createDefault('contacts', person.id, 'companies', gone.id);
    const merged = await sdk.crm.companies.basicApi.merge({ primaryObjectId: keep.id, objectIdToMerge: gone.id });
    expect(merged.id).toBe(keep.id);
    const now = await sdk.crm.companies.basicApi.getById(keep.id, ['name', 'city', 'phone', 'hs_merged_object_ids']);
    expect(now.properties).toMatchObject({ name: 'Keep Ltd', city: 'York', phone: '+44 1482 000000', hs_merged_object_ids: gone.id });
    expect((await apiError(sdk.crm.companies.basicApi.getById(gone.id))).code).toBe(404);
    const links = await sdk.crm.associations.v4.basicApi.getPage('contacts', person.id, 'companies');
    expect(links.results.map((r) => r.toObjectId)).toEqual([keep.id]);
    expect((await apiError(sdk.crm.companies.basicApi.merge({ primaryObjectId: keep.id, objectIdToMerge: gone.id }))).code).toBe(404);
  });

  it('surfaces HubSpot errors as the SDK’s ApiException: 409 for a taken email, 400 naming the bad property, 404 for a missing record', async () => {
    const taken = await apiError(sdk.crm.contacts.basicApi.create({ properties: { email: 'SDK@acme.example' }, associations: [] }));
    expect(taken.code).toBe(409);
    expect(taken.body).toMatchObject({ category: 'CONFLICT', message: `Contact already exists. Existing ID: ${contactId}` });
    const unknown = await apiError(sdk.crm.companies.basicApi.update(companyId, { properties: { no_such_property: 'x' } }));
    expect(unknown.code).toBe(400);
    expect(unknown.body).toMatchObject({ category: 'VALIDATION_ERROR', errors: [{ code: 'PROPERTY_DOESNT_EXIST', in: 'no_such_property' }] });
    expect((await apiError(sdk.crm.companies.basicApi.getById('999999999'))).code).toBe(404);
  });

  it('pages a search with the SDK to the end, every record once', async () => {
    const seen: string[] = [];
    let after: string | undefined = '0';
    while (after !== undefined) {
      const page = await sdk.crm.companies.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'name', operator: 'CONTAINS_TOKEN' as never, value: 'Bulk' }] }], sorts: ['hs_object_id'], properties: ['name'], limit: 100, after });
      seen.push(...page.results.map((r) => r.id));
      after = page.paging?.next?.after;
    }
    expect(seen).toHaveLength(230);
    expect(new Set(seen).size).toBe(230);
  });

  it('gets 401 with the auth-failure body for a bad token', async () => {
    const bad = new Client({ accessToken: 'pat-na1-bad', basePath: sb.url, numberOfApiCallRetries: 0 });
    const e = await apiError(bad.crm.companies.basicApi.getPage(1));
    expect(e.code).toBe(401);
    expect(e.body.category).toBe('INVALID_AUTHENTICATION');
  });

  it('agrees with our v3 signature', () => {
    const timestamp = Date.now();
    const requestBody = JSON.stringify([{ eventId: 1, objectId: 2, propertyValue: 'Müller' }]);
    const url = 'https://connector.example/hooks/hubspot?account=1';
    const ours = signatureV3({ clientSecret: 'app-secret', method: 'POST', url, body: requestBody, timestamp });
    expect(Signature.isValid({ signatureVersion: 'v3', signature: ours, clientSecret: 'app-secret', requestBody, url, method: 'POST', timestamp })).toBe(true);
    expect(Signature.isValid({ signatureVersion: 'v3', signature: ours, clientSecret: 'other', requestBody, url, method: 'POST', timestamp })).toBe(false);
  });
});

describe('@hubspot/api-client OAuth against the sandbox', () => {
  it('exchanges the refresh token for a 30-minute access token, reads its info, and is refused once it expires or is revoked', async () => {
    const tokens = await sdk.oauth.tokensApi.create('refresh_token', undefined, undefined, sb.oauth.clientId, sb.oauth.clientSecret, sb.oauth.refreshToken);
    expect(tokens).toMatchObject({ tokenType: 'bearer', refreshToken: sb.oauth.refreshToken, expiresIn: 1800 });
    const info = await sdk.oauth.accessTokensApi.get(tokens.accessToken);
    expect(info).toMatchObject({ hubId: sb.core.env.portalId, tokenType: 'access' });
    expect((await sdk.oauth.refreshTokensApi.get(sb.oauth.refreshToken)).clientId).toBe(sb.oauth.clientId);

    const app = new Client({ accessToken: tokens.accessToken, basePath: sb.url, numberOfApiCallRetries: 0 });
    const page = await app.crm.companies.basicApi.getPageWithHttpInfo(1);
    expect(page.httpStatusCode).toBe(200);
    // A public app's calls: 110 per 10 s, no daily headers.
    expect(page.headers['x-hubspot-ratelimit-max']).toBe('110');
    expect(page.headers['x-hubspot-ratelimit-daily']).toBeUndefined();

    const bad = await apiError(sdk.oauth.tokensApi.create('refresh_token', undefined, undefined, sb.oauth.clientId, sb.oauth.clientSecret, 'na1-nope'));
    expect(bad.code).toBe(400);
    expect(bad.body).toMatchObject({ status: 'BAD_REFRESH_TOKEN' });
    expect((await apiError(sdk.oauth.tokensApi.create('refresh_token', undefined, undefined, 'other-client', sb.oauth.clientSecret, sb.oauth.refreshToken))).body).toMatchObject({ status: 'BAD_CLIENT_ID' });

    await fetch(`${sb.url}/__sandbox/sessions/expire`, { method: 'POST' });
    const expired = await apiError(app.crm.companies.basicApi.getPage(1));
    expect(expired.code).toBe(401);
    expect(expired.body).toMatchObject({ category: 'EXPIRED_AUTHENTICATION', message: expect.stringMatching(/^The OAuth token used to make this call expired \d+ second\(s\) ago\.$/) });

    const fresh = await sdk.oauth.tokensApi.create('refresh_token', undefined, undefined, sb.oauth.clientId, sb.oauth.clientSecret, sb.oauth.refreshToken);
    await sdk.oauth.refreshTokensApi.archive(sb.oauth.refreshToken);
    const revoked = await apiError(new Client({ accessToken: fresh.accessToken, basePath: sb.url, numberOfApiCallRetries: 0 }).crm.companies.basicApi.getPage(1));
    expect(revoked.body).toMatchObject({ category: 'INVALID_AUTHENTICATION' });
    expect((await apiError(sdk.oauth.tokensApi.create('refresh_token', undefined, undefined, sb.oauth.clientId, sb.oauth.clientSecret, sb.oauth.refreshToken))).body).toMatchObject({ status: 'BAD_REFRESH_TOKEN' });
  });

  it('exchanges an authorization code once, only with its redirect_uri', async () => {
    const res = await fetch(`${sb.url}/__sandbox/oauth/codes`, { method: 'POST', body: JSON.stringify({ redirectUri: 'http://127.0.0.1:9/callback' }) });
    const { code } = (await res.json()) as { code: string };
    expect((await apiError(sdk.oauth.tokensApi.create('authorization_code', code, 'http://127.0.0.1:9/other', sb.oauth.clientId, sb.oauth.clientSecret))).body).toMatchObject({ status: 'BAD_REDIRECT_URI' });
    const tokens = await sdk.oauth.tokensApi.create('authorization_code', code, 'http://127.0.0.1:9/callback', sb.oauth.clientId, sb.oauth.clientSecret);
    expect(tokens.refreshToken).toBeTruthy();
    expect((await apiError(sdk.oauth.tokensApi.create('authorization_code', code, 'http://127.0.0.1:9/callback', sb.oauth.clientId, sb.oauth.clientSecret))).body).toMatchObject({ status: 'BAD_AUTH_CODE' });
  });
});

describe('HubSpot source entity conformance', () => {
  it('reads companies to the end with no duplicate ids, fully and incrementally', async () => {
    const client = new HubSpotClient({ accessToken: sb.token, baseUrl: sb.url, searchLimit: { max: 5, intervalMs: 60 } });
    try {
      const report = await runSourceConformance(hubspotSource(client, 'companies', { lineKeyProperty: 'ml_line_key', sourceProperties: {} }), { minRecords: 230 });
      expect(report.full.records).toBeGreaterThanOrEqual(230);
      expect(report.incremental?.records).toBe(report.full.records);
    } finally {
      await client.close();
    }
  });
});

describe('HubSpot destination conformance', () => {
  it('upserts a full batch, re-writes it idempotently and fails only a bad record', async () => {
    const client = new HubSpotClient({ accessToken: sb.token, baseUrl: sb.url });
    try {
      await ensureProperties(client, 'contacts', [{ name: 'ml_conf_key', label: 'Conformance key', unique: true }]);
      const dest = hubspotDestination(client, 'contacts', { lineKeyProperty: 'ml_line_key', sourceProperties: {} });
      const report = await runDestinationConformance(dest, {
        idProperty: 'ml_conf_key',
        makeRecord: (i) => ({ sourceId: `C${i}`, properties: { ml_conf_key: `C${i}`, email: `conf${i}@acme.example`, firstname: `F${i}` } }),
        badRecord: { sourceId: 'BAD', properties: { ml_conf_key: 'BAD', email: 'not-an-email' } },
      });
      expect(report.created).toHaveLength(100);
      // Current values by key, 101 keys (two batch reads of ≤100): the key nobody holds is simply absent.
      const keys = [...Array.from({ length: 100 }, (_, i) => `C${i}`), 'NOBODY'];
      const live = await dest.readByKeys!('ml_conf_key', keys, ['firstname']);
      expect(live.size).toBe(100);
      expect(live.has('NOBODY')).toBe(false);
      expect(live.get('C7')?.properties).toMatchObject({ ml_conf_key: 'C7', firstname: 'F7' });
    } finally {
      await client.close();
    }
  });
});
