import type { Store } from '../../store/index.ts';
import { baseOf, type FlowShape } from './flow-parts.ts';

/** Keeps the template's flow as built for a flow, so a later template version can be compared three ways. */
export function recordTemplateBase(ctx: { store: Pick<Store, 'templateBases'> }, flowId: string, version: number, keyPrefix: string | undefined, shape: FlowShape) {
  ctx.store.templateBases.save({ flowId, version, keyPrefix: keyPrefix ?? null, base: baseOf(shape) });
}
