// Deal pipelines and their stages, and the Pipelines API v3 (`/crm/v3/pipelines/{objectType}`…):
// list (200), read one (200/404), create (201), a pipeline's stages (200) and adding a stage (201).
// `dealstage` and `pipeline` take internal ids, so a created pipeline's stages become options of
// the deals' `dealstage` property, and its id an option of `pipeline`.
import { DEFAULT_DEAL_STAGES, objectType } from './data.ts';
import { notFound, validation } from './errors.ts';
import { nowIso, type Route, type RouteCtx, type RouteResult } from './route-types.ts';
import type { ObjectTable, PortalState } from './state.ts';
import { objectBody } from './route-input.ts';

interface Stage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: Stage[];
  createdAt: string;
  updatedAt: string;
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

const present = (p: Pipeline): Record<string, unknown> => ({ ...p, archived: false, stages: p.stages.map(presentStage) });
const presentStage = (s: Stage): Record<string, unknown> => ({ ...s, archived: false, writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT' });

function pipelinesOf(ctx: RouteCtx): { list: Pipeline[]; table: ObjectTable } {
  const def = objectType(ctx.params.type ?? '');
  const list = def && ctx.env.state.pipelines.byType.get(def.name);
  const table = def && ctx.env.state.tables.get(def.name);
  if (!list || !table) throw validation(`Object type ${ctx.params.type ?? ''} does not have pipelines. Pipelines exist for deals.`);
  return { list, table };
}

function pipelineOf(ctx: RouteCtx): { pipeline: Pipeline; table: ObjectTable } {
  const { list, table } = pipelinesOf(ctx);
  const pipeline = list.find((p) => p.id === ctx.params.pipelineId);
  if (!pipeline) throw notFound(`Unable to find pipeline ${ctx.params.pipelineId ?? ''}`, [ctx.params.pipelineId ?? '']);
  return { pipeline, table };
}

/** A stage from its input; deal stages must say their win probability (0.0–1.0). */
function stageFrom(state: PortalState, input: unknown, index: number, now: number): Stage {
  const s = (input ?? {}) as { label?: unknown; displayOrder?: unknown; metadata?: unknown };
  if (typeof s.label !== 'string' || !s.label) throw validation(`stages[${index}].label is required`, [{ message: 'must not be blank', code: 'REQUIRED_FIELD', in: `stages[${index}].label` }]);
  const metadata = Object.fromEntries(Object.entries((s.metadata ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  const probability = Number(metadata.probability);
  if (metadata.probability === undefined || !(probability >= 0 && probability <= 1)) {
    throw validation(`Deal stage "${s.label}" needs metadata.probability between 0.0 and 1.0.`, [{ message: 'probability must be between 0.0 and 1.0', code: 'INVALID_PROBABILITY', in: `stages[${index}].metadata.probability` }]);
  }
  return { id: state.pipelines.newId(), label: s.label, displayOrder: typeof s.displayOrder === 'number' ? s.displayOrder : index, metadata: { isClosed: 'false', ...metadata }, createdAt: nowIso(now), updatedAt: nowIso(now) };
}

/** The deals' `dealstage` and `pipeline` options follow the pipelines. */
function syncOptions(table: ObjectTable, list: Pipeline[]): void {
  const stage = table.properties.get('dealstage');
  const pipe = table.properties.get('pipeline');
  if (stage) stage.options = list.flatMap((p) => p.stages).map((s, i) => ({ label: s.label, value: s.id, displayOrder: i, hidden: false }));
  if (pipe) pipe.options = list.map((p, i) => ({ label: p.label, value: p.id, displayOrder: i, hidden: false }));
}

function createPipeline(ctx: RouteCtx): RouteResult {
  const { list, table } = pipelinesOf(ctx);
  const b = objectBody(ctx);
  if (typeof b.label !== 'string' || !b.label) throw validation('label is required', [{ message: 'must not be blank', code: 'REQUIRED_FIELD', in: 'label' }]);
  if (list.some((p) => p.label === b.label)) throw validation(`A pipeline with label ${b.label} already exists.`, [{ message: 'duplicate label', code: 'DUPLICATE_LABEL', in: 'label' }]);
  if (!Array.isArray(b.stages) || !b.stages.length) throw validation('A pipeline needs at least one stage.', [{ message: 'must not be empty', code: 'REQUIRED_FIELD', in: 'stages' }]);
  const pipeline: Pipeline = {
    id: ctx.env.state.pipelines.newId(),
    label: b.label,
    displayOrder: typeof b.displayOrder === 'number' ? b.displayOrder : list.length,
    stages: b.stages.map((s, i) => stageFrom(ctx.env.state, s, i, ctx.now)),
    createdAt: nowIso(ctx.now),
    updatedAt: nowIso(ctx.now),
  };
  list.push(pipeline);
  syncOptions(table, list);
  return { status: 201, body: present(pipeline) };
}

function createStage(ctx: RouteCtx): RouteResult {
  const { pipeline, table } = pipelineOf(ctx);
  const stage = stageFrom(ctx.env.state, ctx.body, pipeline.stages.length, ctx.now);
  pipeline.stages.push(stage);
  syncOptions(table, pipelinesOf(ctx).list);
  return { status: 201, body: presentStage(stage) };
}

function readStage(ctx: RouteCtx): RouteResult {
  const stage = pipelineOf(ctx).pipeline.stages.find((s) => s.id === ctx.params.stageId);
  if (!stage) throw notFound(`Unable to find stage ${ctx.params.stageId ?? ''}`, [ctx.params.stageId ?? '']);
  return { status: 200, body: presentStage(stage) };
}

const scope = (access: 'read' | 'write') => (p: Record<string, string>) => {
  const def = objectType(p.type ?? '');
  return def ? `${def.scope}.${access}` : undefined;
};

export const pipelineRoutes: Route[] = [
  { method: 'GET', path: '/crm/v3/pipelines/:type', bucket: 'burst', scope: scope('read'), handler: (ctx) => ({ status: 200, body: { results: pipelinesOf(ctx).list.map(present) } }) },
  { method: 'POST', path: '/crm/v3/pipelines/:type', bucket: 'burst', scope: scope('write'), handler: createPipeline },
  { method: 'GET', path: '/crm/v3/pipelines/:type/:pipelineId', bucket: 'burst', scope: scope('read'), handler: (ctx) => ({ status: 200, body: present(pipelineOf(ctx).pipeline) }) },
  { method: 'GET', path: '/crm/v3/pipelines/:type/:pipelineId/stages', bucket: 'burst', scope: scope('read'), handler: (ctx) => ({ status: 200, body: { results: pipelineOf(ctx).pipeline.stages.map(presentStage) } }) },
  { method: 'POST', path: '/crm/v3/pipelines/:type/:pipelineId/stages', bucket: 'burst', scope: scope('write'), handler: createStage },
  { method: 'GET', path: '/crm/v3/pipelines/:type/:pipelineId/stages/:stageId', bucket: 'burst', scope: scope('read'), handler: readStage },
];
