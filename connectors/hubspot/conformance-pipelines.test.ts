// Conformance: the official @hubspot/api-client changes and deletes pipelines and their stages in the
// sandbox — PATCH/PUT/DELETE on `/crm/v3/pipelines/{objectType}/{pipelineId}` and on its stages, with
// the SDK's exact success codes (200 for updates, 204 for deletes) and the documented guards: a pipeline
// or stage deals still use is refused only when `validateDealStageUsagesBeforeDelete` (or
// `validateReferencesBeforeDelete`) asks for it (both default to false on v3), the last pipeline and a
// pipeline's last stage cannot go, and `archived` in a PATCH only restores a deleted pipeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@hubspot/api-client';
import type { HubSpotSandbox } from './sandbox/index.ts';
import { apiError, startWithOfficialSdk } from './official-sdk-fixture.ts';

let sb: HubSpotSandbox;
let sdk: Client;
beforeAll(async () => {
  ({ sb, sdk } = await startWithOfficialSdk());
});
afterAll(() => sb.close());


const stage = (label: string, displayOrder: number, probability: string) => ({ label, displayOrder, metadata: { probability } });
const dealstageValues = async (): Promise<string[]> => ((await sdk.crm.properties.coreApi.getByName('deals', 'dealstage')).options ?? []).map((o) => o.value);
const pipelineValues = async (): Promise<string[]> => ((await sdk.crm.properties.coreApi.getByName('deals', 'pipeline')).options ?? []).map((o) => o.value);

describe('@hubspot/api-client pipelines: update and delete', () => {
  it('PATCHes a pipeline (200): label and display order change, other fields stay; archived=true is refused on a live pipeline', async () => {
    const p = await sdk.crm.pipelines.pipelinesApi.create('deals', { label: 'Partners', displayOrder: 3, stages: [stage('Talking', 0, '0.2'), stage('Signed', 1, '1.0')] });
    const patched = await sdk.crm.pipelines.pipelinesApi.update('deals', p.id, { label: 'Partner deals' });
    expect(patched.label).toBe('Partner deals');
    expect(patched.displayOrder).toBe(3);
    expect(patched.stages.map((s) => s.id)).toEqual(p.stages.map((s) => s.id));
    expect(patched.updatedAt).toBeInstanceOf(Date);
    expect((await sdk.crm.pipelines.pipelinesApi.getById('deals', p.id)).label).toBe('Partner deals');
    const reordered = await sdk.crm.pipelines.pipelinesApi.update('deals', p.id, { displayOrder: 7 });
    expect(reordered.displayOrder).toBe(7);
    const archive = await apiError(sdk.crm.pipelines.pipelinesApi.update('deals', p.id, { archived: true }));
    expect(archive.code).toBe(400);
    expect(archive.body.category).toBe('VALIDATION_ERROR');
    const taken = await apiError(sdk.crm.pipelines.pipelinesApi.update('deals', p.id, { label: 'Sales Pipeline' }));
    expect(taken.code).toBe(400);
    expect((await apiError(sdk.crm.pipelines.pipelinesApi.update('deals', 'nope', { label: 'x' }))).code).toBe(404);
  });

  it('PUTs a pipeline (200): its stages are replaced — a kept label keeps its id, a new one gets an id, a dropped one goes from dealstage', async () => {
    const p = await sdk.crm.pipelines.pipelinesApi.create('deals', { label: 'Upsell', displayOrder: 4, stages: [stage('Idea', 0, '0.1'), stage('Pitched', 1, '0.5'), stage('Won', 2, '1.0')] });
    const idOf = (label: string): string => p.stages.find((s) => s.label === label)?.id ?? '';
    const replaced = await sdk.crm.pipelines.pipelinesApi.replace('deals', p.id, { label: 'Upsell 2', displayOrder: 5, stages: [stage('Idea', 0, '0.2'), stage('Won', 1, '1.0'), stage('Lost', 2, '0.0')] });
    expect(replaced.label).toBe('Upsell 2');
    expect(replaced.stages.map((s) => s.label)).toEqual(['Idea', 'Won', 'Lost']);
    expect(replaced.stages[0]?.id).toBe(idOf('Idea'));
    expect(replaced.stages[0]?.metadata).toMatchObject({ probability: '0.2' });
    expect(replaced.stages[1]?.id).toBe(idOf('Won'));
    const lost = replaced.stages[2]?.id ?? '';
    expect(Object.values(p.stages.map((s) => s.id))).not.toContain(lost);
    const values = await dealstageValues();
    expect(values).toContain(lost);
    expect(values).not.toContain(idOf('Pitched'));
    const noStages = await apiError(sdk.crm.pipelines.pipelinesApi.replace('deals', p.id, { label: 'Upsell 3', displayOrder: 5, stages: [] }));
    expect(noStages.code).toBe(400);
  });

  it('PUT that drops a stage deals use: refused (400) with validateDealStageUsagesBeforeDelete=true, done without it', async () => {
    const p = await sdk.crm.pipelines.pipelinesApi.create('deals', { label: 'Grants', displayOrder: 6, stages: [stage('Applied', 0, '0.3'), stage('Granted', 1, '1.0')] });
    const applied = p.stages[0]?.id ?? '';
    await sdk.crm.deals.basicApi.create({ properties: { dealname: 'Grant A', pipeline: p.id, dealstage: applied }, associations: [] });
    const refused = await apiError(sdk.crm.pipelines.pipelinesApi.replace('deals', p.id, { label: 'Grants', displayOrder: 6, stages: [stage('Granted', 0, '1.0')] }, undefined, true));
    expect(refused.code).toBe(400);
    expect(refused.body.category).toBe('VALIDATION_ERROR');
    expect(refused.body.message).toContain(applied);
    expect((await sdk.crm.pipelines.pipelinesApi.getById('deals', p.id)).stages).toHaveLength(2);
    const done = await sdk.crm.pipelines.pipelinesApi.replace('deals', p.id, { label: 'Grants', displayOrder: 6, stages: [stage('Granted', 0, '1.0')] });
    expect(done.stages.map((s) => s.label)).toEqual(['Granted']);
  });

  it('DELETEs a pipeline (204): gone from reads and the pipeline values, refused while deals use it when asked to validate, restorable with PATCH archived=false', async () => {
    const p = await sdk.crm.pipelines.pipelinesApi.create('deals', { label: 'Events', displayOrder: 8, stages: [stage('Booked', 0, '0.6'), stage('Held', 1, '1.0')] });
    const deal = await sdk.crm.deals.basicApi.create({ properties: { dealname: 'Expo stand', pipeline: p.id, dealstage: p.stages[0]?.id ?? '' }, associations: [] });
    const inUse = await apiError(sdk.crm.pipelines.pipelinesApi.archive('deals', p.id, undefined, true));
    expect(inUse.code).toBe(400);
    expect(inUse.body.category).toBe('VALIDATION_ERROR');
    expect(inUse.body.message).toContain('1 deal');
    // validateReferencesBeforeDelete also counts the records that use the pipeline (2026-09 docs).
    expect((await apiError(sdk.crm.pipelines.pipelinesApi.archive('deals', p.id, true))).code).toBe(400);
    await sdk.crm.deals.basicApi.archive(deal.id);
    await sdk.crm.pipelines.pipelinesApi.archive('deals', p.id, true, true);
    expect((await apiError(sdk.crm.pipelines.pipelinesApi.getById('deals', p.id))).code).toBe(404);
    expect((await sdk.crm.pipelines.pipelinesApi.getAll('deals')).results.map((x) => x.id)).not.toContain(p.id);
    expect(await pipelineValues()).not.toContain(p.id);
    expect(await dealstageValues()).not.toContain(p.stages[0]?.id);
    const restored = await sdk.crm.pipelines.pipelinesApi.update('deals', p.id, { archived: false });
    expect(restored.archived).toBe(false);
    expect(restored.stages).toHaveLength(2);
    expect(await pipelineValues()).toContain(p.id);
    expect((await apiError(sdk.crm.pipelines.pipelinesApi.archive('deals', 'nope'))).code).toBe(404);
  });

  it('DELETE without validation (the v3 default) removes a pipeline deals still use', async () => {
    const p = await sdk.crm.pipelines.pipelinesApi.create('deals', { label: 'Legacy', displayOrder: 9, stages: [stage('Open', 0, '0.5')] });
    await sdk.crm.deals.basicApi.create({ properties: { dealname: 'Old one', pipeline: p.id, dealstage: p.stages[0]?.id ?? '' }, associations: [] });
    await sdk.crm.pipelines.pipelinesApi.archive('deals', p.id);
    expect((await apiError(sdk.crm.pipelines.pipelinesApi.getById('deals', p.id))).code).toBe(404);
  });

  it('updates a stage with PATCH and PUT (200), deletes one (204); the last stage stays, a bad probability and a duplicate label are refused', async () => {
    const p = await sdk.crm.pipelines.pipelinesApi.create('deals', { label: 'Stages', displayOrder: 10, stages: [stage('A', 0, '0.1'), stage('B', 1, '0.9')] });
    const [a, b] = p.stages.map((s) => s.id) as [string, string];
    const patched = await sdk.crm.pipelines.pipelineStagesApi.update('deals', p.id, a, { label: 'A1', metadata: { probability: '0.3' } });
    expect(patched.label).toBe('A1');
    expect(patched.metadata).toMatchObject({ probability: '0.3' });
    expect(patched.displayOrder).toBe(0);
    const put = await sdk.crm.pipelines.pipelineStagesApi.replace('deals', p.id, b, { label: 'B1', displayOrder: 4, metadata: { probability: '1.0', isClosed: 'true' } });
    expect([put.id, put.label, put.displayOrder, put.metadata?.isClosed]).toEqual([b, 'B1', 4, 'true']);
    expect((await sdk.crm.properties.coreApi.getByName('deals', 'dealstage')).options.find((o) => o.value === b)?.label).toBe('B1');
    expect((await apiError(sdk.crm.pipelines.pipelineStagesApi.update('deals', p.id, a, { metadata: { probability: '7' } }))).code).toBe(400);
    expect((await apiError(sdk.crm.pipelines.pipelineStagesApi.update('deals', p.id, a, { label: 'B1' }))).code).toBe(400);
    expect((await apiError(sdk.crm.pipelines.pipelineStagesApi.update('deals', p.id, 'nope', { label: 'x' }))).code).toBe(404);
    await sdk.crm.pipelines.pipelineStagesApi.archive('deals', p.id, a);
    expect((await apiError(sdk.crm.pipelines.pipelineStagesApi.getById('deals', p.id, a))).code).toBe(404);
    expect(await dealstageValues()).not.toContain(a);
    const last = await apiError(sdk.crm.pipelines.pipelineStagesApi.archive('deals', p.id, b));
    expect(last.code).toBe(400);
    expect(last.body.category).toBe('VALIDATION_ERROR');
  });

  it('refuses to delete a stage deals use when the query asks to validate (a raw call: the 13.x SDK sends no query on stage deletes)', async () => {
    const p = await sdk.crm.pipelines.pipelinesApi.create('deals', { label: 'Guarded', displayOrder: 11, stages: [stage('Busy', 0, '0.5'), stage('Done', 1, '1.0')] });
    const busy = p.stages[0]?.id ?? '';
    await sdk.crm.deals.basicApi.create({ properties: { dealname: 'Busy deal', pipeline: p.id, dealstage: busy }, associations: [] });
    const res = await sdk.apiRequest({ method: 'DELETE', path: `/crm/v3/pipelines/deals/${p.id}/stages/${busy}`, qs: { validateDealStageUsagesBeforeDelete: 'true' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { category: string }).category).toBe('VALIDATION_ERROR');
    await sdk.crm.pipelines.pipelineStagesApi.archive('deals', p.id, busy);
    expect((await sdk.crm.pipelines.pipelinesApi.getById('deals', p.id)).stages.map((s) => s.label)).toEqual(['Done']);
  });

  it('never deletes the last pipeline', async () => {
    for (const p of (await sdk.crm.pipelines.pipelinesApi.getAll('deals')).results.filter((x) => x.id !== 'default')) await sdk.crm.pipelines.pipelinesApi.archive('deals', p.id);
    const last = await apiError(sdk.crm.pipelines.pipelinesApi.archive('deals', 'default'));
    expect(last.code).toBe(400);
    expect((await sdk.crm.pipelines.pipelinesApi.getAll('deals')).results.map((x) => x.id)).toEqual(['default']);
  });
});
