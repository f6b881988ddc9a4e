// Changing and deleting pipelines and their stages (Pipelines API v3): PATCH and PUT a pipeline (200),
// DELETE it (204); PATCH, PUT and DELETE a stage (200/200/204). Guards as documented: a pipeline keeps
// at least one stage and an account at least one pipeline; `archived` in a PATCH only restores a deleted
// pipeline; stages or pipelines that deals still use are refused only when the request asks with
// `validateDealStageUsagesBeforeDelete` or `validateReferencesBeforeDelete` (both default to false on
// v3; the date-versioned 2026-09 API turns them on). Without the check the deals keep their values.
import { conflict, validation } from './errors.ts';
import { duplicateLabel, isLive, pipelineOf, pipelinesOf, present, presentStage, scope, stageFrom, stageMetadata, stageOf, stagesFrom, syncOptions, type Pipeline, type Stage } from './pipelines.ts';
import { objectBody } from './route-input.ts';
import { nowIso, type Route, type RouteCtx, type RouteResult } from './route-types.ts';
import type { ObjectTable } from './state.ts';

/** Whether the request asks to check that nothing uses what it deletes (either flag, `true` in any case). */
function validatesUsage(ctx: RouteCtx): boolean {
  return ['validateDealStageUsagesBeforeDelete', 'validateReferencesBeforeDelete'].some((k) => ctx.query.get(k)?.toLowerCase() === 'true');
}

/** Live deals in the pipeline or in one of the stages. */
function dealsUsing(table: ObjectTable, pipelineId: string | undefined, stageIds: string[]): number {
  let n = 0;
  for (const r of table.byId.values()) if (!r.archived && ((pipelineId !== undefined && r.props.pipeline === pipelineId) || stageIds.includes(r.props.dealstage ?? ''))) n++;
  return n;
}

function refuseIfUsed(ctx: RouteCtx, table: ObjectTable, what: string, pipelineId: string | undefined, stages: Stage[]): void {
  if (!validatesUsage(ctx)) return;
  const n = dealsUsing(table, pipelineId, stages.map((s) => s.id));
  if (!n) return;
  const message = `${what} is used by ${n} deal${n === 1 ? '' : 's'}; move ${n === 1 ? 'it' : 'them'} to another stage first, or delete without validateDealStageUsagesBeforeDelete.`;
  if (ctx.env.switches.pipelineInUseError === 'conflict') throw conflict(message);
  throw validation(message, [{ message: 'in use', code: 'PIPELINE_STAGE_IN_USE', in: pipelineId ?? stages.map((s) => s.id).join(',') }]);
}

function assertLabelFree(list: Pipeline[], self: Pipeline, label: string): void {
  if (list.some((p) => p !== self && isLive(p) && p.label === label)) throw duplicateLabel('pipeline', label);
}

function patchPipeline(ctx: RouteCtx): RouteResult {
  const b = objectBody(ctx);
  const { list, table } = pipelinesOf(ctx);
  const { pipeline } = pipelineOf(ctx, b.archived === false);
  if (b.archived !== undefined) {
    if (b.archived !== false || isLive(pipeline)) throw validation('archived may only be given as false, to restore a deleted pipeline; delete a pipeline with DELETE.', [{ message: 'only for restoring', code: 'INVALID_ARCHIVED', in: 'archived' }]);
    assertLabelFree(list, pipeline, typeof b.label === 'string' ? b.label : pipeline.label);
    delete pipeline.archivedAt;
  }
  if (b.label !== undefined) {
    if (typeof b.label !== 'string' || !b.label) throw validation('label must not be blank', [{ message: 'must not be blank', code: 'INVALID_LABEL', in: 'label' }]);
    assertLabelFree(list, pipeline, b.label);
    pipeline.label = b.label;
  }
  if (typeof b.displayOrder === 'number') pipeline.displayOrder = b.displayOrder;
  pipeline.updatedAt = nowIso(ctx.now);
  syncOptions(table, list);
  return { status: 200, body: present(pipeline) };
}

/** PUT replaces the label, order and stages; an input stage whose label an existing stage has keeps that stage's id. */
function replacePipeline(ctx: RouteCtx): RouteResult {
  const b = objectBody(ctx);
  const { list, table } = pipelinesOf(ctx);
  const { pipeline } = pipelineOf(ctx);
  if (typeof b.label !== 'string' || !b.label) throw validation('label is required', [{ message: 'must not be blank', code: 'REQUIRED_FIELD', in: 'label' }]);
  assertLabelFree(list, pipeline, b.label);
  const stages = stagesFrom(ctx, b.stages, pipeline.stages);
  const dropped = pipeline.stages.filter((s) => !stages.some((n) => n.id === s.id));
  refuseIfUsed(ctx, table, `Stage ${dropped.map((s) => s.id).join(', ')} of pipeline ${pipeline.id}`, undefined, dropped);
  Object.assign(pipeline, { label: b.label, displayOrder: typeof b.displayOrder === 'number' ? b.displayOrder : pipeline.displayOrder, stages, updatedAt: nowIso(ctx.now) });
  syncOptions(table, list);
  return { status: 200, body: present(pipeline) };
}

function deletePipeline(ctx: RouteCtx): RouteResult {
  const { list, table } = pipelinesOf(ctx);
  const { pipeline } = pipelineOf(ctx);
  if (list.filter(isLive).length === 1) throw validation(`Pipeline ${pipeline.id} is the account's last ${table.def.singular} pipeline; an account keeps at least one.`, [{ message: 'last pipeline', code: 'LAST_PIPELINE', in: pipeline.id }]);
  refuseIfUsed(ctx, table, `Pipeline ${pipeline.id}`, pipeline.id, pipeline.stages);
  pipeline.archivedAt = nowIso(ctx.now);
  syncOptions(table, list);
  return { status: 204 };
}

function assertStageLabelFree(pipeline: Pipeline, self: Stage, label: string): void {
  if (pipeline.stages.some((s) => s !== self && s.label === label)) throw duplicateLabel('stage', label);
}

function patchStage(ctx: RouteCtx): RouteResult {
  const { pipeline, stage, table } = stageOf(ctx);
  const b = objectBody(ctx);
  if (b.archived === true) throw validation('archived may not be set on a stage; delete a stage with DELETE.', [{ message: 'only for restoring', code: 'INVALID_ARCHIVED', in: 'archived' }]);
  const label = b.label === undefined ? stage.label : b.label;
  if (typeof label !== 'string' || !label) throw validation('label must not be blank', [{ message: 'must not be blank', code: 'INVALID_LABEL', in: 'label' }]);
  assertStageLabelFree(pipeline, stage, label);
  // PATCH merges metadata keys into the stage's; the result must still hold a valid probability.
  const metadata = b.metadata === undefined ? stage.metadata : stageMetadata(label, { ...stage.metadata, ...(b.metadata as Record<string, unknown>) }, 'stage');
  Object.assign(stage, { label, metadata, displayOrder: typeof b.displayOrder === 'number' ? b.displayOrder : stage.displayOrder, updatedAt: nowIso(ctx.now) });
  pipeline.updatedAt = stage.updatedAt;
  syncOptions(table, pipelinesOf(ctx).list);
  return { status: 200, body: presentStage(stage) };
}

function replaceStage(ctx: RouteCtx): RouteResult {
  const { pipeline, stage, table } = stageOf(ctx);
  const next = stageFrom(ctx.env.state, ctx.body, stage.displayOrder, ctx.now, 'stage', stage);
  assertStageLabelFree(pipeline, stage, next.label);
  Object.assign(stage, next);
  pipeline.updatedAt = stage.updatedAt;
  syncOptions(table, pipelinesOf(ctx).list);
  return { status: 200, body: presentStage(stage) };
}

function deleteStage(ctx: RouteCtx): RouteResult {
  const { pipeline, stage, table } = stageOf(ctx);
  if (pipeline.stages.length === 1) throw validation(`Stage ${stage.id} is the last stage of pipeline ${pipeline.id}; a pipeline keeps at least one stage.`, [{ message: 'last stage', code: 'LAST_STAGE', in: stage.id }]);
  refuseIfUsed(ctx, table, `Stage ${stage.id} of pipeline ${pipeline.id}`, undefined, [stage]);
  pipeline.stages = pipeline.stages.filter((s) => s !== stage);
  pipeline.updatedAt = nowIso(ctx.now);
  syncOptions(table, pipelinesOf(ctx).list);
  return { status: 204 };
}

export const pipelineEditRoutes: Route[] = [
  { method: 'PATCH', path: '/crm/v3/pipelines/:type/:pipelineId', bucket: 'burst', scope: scope('write'), handler: patchPipeline },
  { method: 'PUT', path: '/crm/v3/pipelines/:type/:pipelineId', bucket: 'burst', scope: scope('write'), handler: replacePipeline },
  { method: 'DELETE', path: '/crm/v3/pipelines/:type/:pipelineId', bucket: 'burst', scope: scope('write'), handler: deletePipeline },
  { method: 'PATCH', path: '/crm/v3/pipelines/:type/:pipelineId/stages/:stageId', bucket: 'burst', scope: scope('write'), handler: patchStage },
  { method: 'PUT', path: '/crm/v3/pipelines/:type/:pipelineId/stages/:stageId', bucket: 'burst', scope: scope('write'), handler: replaceStage },
  { method: 'DELETE', path: '/crm/v3/pipelines/:type/:pipelineId/stages/:stageId', bucket: 'burst', scope: scope('write'), handler: deleteStage },
];
