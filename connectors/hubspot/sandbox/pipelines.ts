// Deal pipelines and their stages, and the Pipelines API v3 (`/crm/v3/pipelines/{objectType}`…):
// list (200), read one (200/404), create (201), a pipeline's stages (200) and adding a stage (201);
// changing and deleting them is pipeline-edits.ts. `dealstage` and `pipeline` take internal ids, so a
// live pipeline's stages are the options of the deals' `dealstage` property, and its id an option of
// `pipeline`. A deleted pipeline is kept, archived, so a PATCH with `archived: false` can restore it.
import { DEFAULT_DEAL_STAGES, objectType } from './data.ts';
import { notFound, validation, type HubError } from './errors.ts';
import { nowIso, type Route, type RouteCtx, type RouteResult } from './route-types.ts';
import type { ObjectTable, PortalState } from './state.ts';
import { objectBody } from './route-input.ts';

export interface Stage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: Stage[];
  createdAt: string;
  updatedAt: string;
  archivedAt?: string;
}

const PORTAL_CREATED = '2019-08-06T02:41:08.029Z';

function defaultDealPipeline(): Pipeline {
  return {
    id: 'default',
    label: 'Sales Pipeline',
    displayOrder: 0,
    createdAt: PORTAL_CREATED,
    updatedAt: PORTAL_CREATED,
    stages: DEFAULT_DEAL_STAGES.map((s, i) => ({ id: s.id, label: s.label, displayOrder: i, metadata: { isClosed: String(s.isClosed), probability: s.probability }, createdAt: PORTAL_CREATED, updatedAt: PORTAL_CREATED })),
  };
}

/** Pipelines per object type (deals only: the other modelled objects have none). */
export class PipelineStore {
  readonly byType = new Map<string, Pipeline[]>();
  private nextId = 75_432_101;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.byType.clear();
    this.byType.set('deals', [defaultDealPipeline()]);
  }

  newId(): string {
    return String(this.nextId++);
  }
}

export const present = (p: Pipeline): Record<string, unknown> => ({ ...p, archived: p.archivedAt !== undefined, stages: p.stages.map(presentStage) });
export const presentStage = (s: Stage): Record<string, unknown> => ({ ...s, archived: false, writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT' });
export const isLive = (p: Pipeline): boolean => p.archivedAt === undefined;

/** Every pipeline of the path's object type, deleted (archived) ones included. */
export function pipelinesOf(ctx: RouteCtx): { list: Pipeline[]; table: ObjectTable } {
  const def = objectType(ctx.params.type ?? '');
  const list = def && ctx.env.state.pipelines.byType.get(def.name);
  const table = def && ctx.env.state.tables.get(def.name);
  if (!list || !table) throw validation(`Object type ${ctx.params.type ?? ''} does not have pipelines. Pipelines exist for deals.`);
  return { list, table };
}

/** The path's pipeline: 404 when unknown or deleted (unless `archived` ones are wanted, to restore one). */
export function pipelineOf(ctx: RouteCtx, archived = false): { pipeline: Pipeline; table: ObjectTable } {
  const { list, table } = pipelinesOf(ctx);
  const pipeline = list.find((p) => p.id === ctx.params.pipelineId && (archived || isLive(p)));
  if (!pipeline) throw notFound(`Unable to find pipeline ${ctx.params.pipelineId ?? ''}`, [ctx.params.pipelineId ?? '']);
  return { pipeline, table };
}

/** Stage metadata as HubSpot keeps it (string values); a deal stage must say its win probability (0.0–1.0). */
export function stageMetadata(label: string, raw: unknown, where: string): Record<string, string> {
  const metadata = Object.fromEntries(Object.entries((raw ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  const probability = Number(metadata.probability);
  if (metadata.probability === undefined || !(probability >= 0 && probability <= 1)) {
    throw validation(`Deal stage "${label}" needs metadata.probability between 0.0 and 1.0.`, [{ message: 'probability must be between 0.0 and 1.0', code: 'INVALID_PROBABILITY', in: `${where}.metadata.probability` }]);
  }
  return { isClosed: 'false', ...metadata };
}

/** A stage from its input (a new id unless it replaces an existing stage). */
export function stageFrom(state: PortalState, input: unknown, index: number, now: number, where = `stages[${index}]`, existing?: Stage): Stage {
  const s = (input ?? {}) as { label?: unknown; displayOrder?: unknown; metadata?: unknown };
  if (typeof s.label !== 'string' || !s.label) throw validation(`${where}.label is required`, [{ message: 'must not be blank', code: 'REQUIRED_FIELD', in: `${where}.label` }]);
  const metadata = stageMetadata(s.label, s.metadata, where);
  return { id: existing?.id ?? state.pipelines.newId(), label: s.label, displayOrder: typeof s.displayOrder === 'number' ? s.displayOrder : index, metadata, createdAt: existing?.createdAt ?? nowIso(now), updatedAt: nowIso(now) };
}

/** A pipeline's stage labels are unique (HubSpot's rule), as are live pipelines' labels. */
export function duplicateLabel(what: string, label: string): HubError {
  return validation(`A ${what} with label ${label} already exists.`, [{ message: 'duplicate label', code: 'DUPLICATE_LABEL', in: 'label' }]);
}

/** The deals' `dealstage` and `pipeline` options follow the live pipelines. */
export function syncOptions(table: ObjectTable, list: Pipeline[]): void {
  const live = list.filter(isLive);
  const stage = table.properties.get('dealstage');
  const pipe = table.properties.get('pipeline');
  if (stage) stage.options = live.flatMap((p) => p.stages).map((s, i) => ({ label: s.label, value: s.id, displayOrder: i, hidden: false }));
  if (pipe) pipe.options = live.map((p, i) => ({ label: p.label, value: p.id, displayOrder: i, hidden: false }));
}

function createPipeline(ctx: RouteCtx): RouteResult {
  const { list, table } = pipelinesOf(ctx);
  const b = objectBody(ctx);
  if (typeof b.label !== 'string' || !b.label) throw validation('label is required', [{ message: 'must not be blank', code: 'REQUIRED_FIELD', in: 'label' }]);
  if (list.some((p) => isLive(p) && p.label === b.label)) throw duplicateLabel('pipeline', b.label);
  const pipeline: Pipeline = {
    id: ctx.env.state.pipelines.newId(),
    label: b.label,
    displayOrder: typeof b.displayOrder === 'number' ? b.displayOrder : list.length,
    stages: stagesFrom(ctx, b.stages),
    createdAt: nowIso(ctx.now),
    updatedAt: nowIso(ctx.now),
  };
  list.push(pipeline);
  syncOptions(table, list);
  return { status: 201, body: present(pipeline) };
}

/** A pipeline's stage list from its input: at least one stage, labels unique (`existing` keeps the ids of labels it holds). */
export function stagesFrom(ctx: RouteCtx, input: unknown, existing: Stage[] = []): Stage[] {
  if (!Array.isArray(input) || !input.length) throw validation('A pipeline needs at least one stage.', [{ message: 'must not be empty', code: 'REQUIRED_FIELD', in: 'stages' }]);
  const stages = input.map((s, i) => stageFrom(ctx.env.state, s, i, ctx.now, `stages[${i}]`, existing.find((e) => e.label === (s as { label?: unknown } | null)?.label)));
  const seen = new Set<string>();
  for (const s of stages) {
    if (seen.has(s.label)) throw duplicateLabel('stage', s.label);
    seen.add(s.label);
  }
  return stages;
}

function createStage(ctx: RouteCtx): RouteResult {
  const { pipeline, table } = pipelineOf(ctx);
  const stage = stageFrom(ctx.env.state, ctx.body, pipeline.stages.length, ctx.now, 'stage');
  if (pipeline.stages.some((s) => s.label === stage.label)) throw duplicateLabel('stage', stage.label);
  pipeline.stages.push(stage);
  syncOptions(table, pipelinesOf(ctx).list);
  return { status: 201, body: presentStage(stage) };
}

/** The path's stage of the path's (live) pipeline, 404 when either is unknown. */
export function stageOf(ctx: RouteCtx): { pipeline: Pipeline; stage: Stage; table: ObjectTable } {
  const { pipeline, table } = pipelineOf(ctx);
  const stage = pipeline.stages.find((s) => s.id === ctx.params.stageId);
  if (!stage) throw notFound(`Unable to find stage ${ctx.params.stageId ?? ''} in pipeline ${pipeline.id}`, [ctx.params.stageId ?? '']);
  return { pipeline, stage, table };
}

const readStage = (ctx: RouteCtx): RouteResult => ({ status: 200, body: presentStage(stageOf(ctx).stage) });

export const scope = (access: 'read' | 'write') => (p: Record<string, string>) => {
  const def = objectType(p.type ?? '');
  return def ? `${def.scope}.${access}` : undefined;
};

export const pipelineRoutes: Route[] = [
  { method: 'GET', path: '/crm/v3/pipelines/:type', bucket: 'burst', scope: scope('read'), handler: (ctx) => ({ status: 200, body: { results: pipelinesOf(ctx).list.filter(isLive).map(present) } }) },
  { method: 'POST', path: '/crm/v3/pipelines/:type', bucket: 'burst', scope: scope('write'), handler: createPipeline },
  { method: 'GET', path: '/crm/v3/pipelines/:type/:pipelineId', bucket: 'burst', scope: scope('read'), handler: (ctx) => ({ status: 200, body: present(pipelineOf(ctx).pipeline) }) },
  { method: 'GET', path: '/crm/v3/pipelines/:type/:pipelineId/stages', bucket: 'burst', scope: scope('read'), handler: (ctx) => ({ status: 200, body: { results: pipelineOf(ctx).pipeline.stages.map(presentStage) } }) },
  { method: 'POST', path: '/crm/v3/pipelines/:type/:pipelineId/stages', bucket: 'burst', scope: scope('write'), handler: createStage },
  { method: 'GET', path: '/crm/v3/pipelines/:type/:pipelineId/stages/:stageId', bucket: 'burst', scope: scope('read'), handler: readStage },
];
