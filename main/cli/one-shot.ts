import { createAppService, type FullAppService } from '../service/index.ts';
import { ServiceError } from '../service/service-error.ts';

/** A service for one CLI command: no scheduler; runs it, closes the store, returns the result. */
export async function withService<T>(dataDir: string, fn: (s: FullAppService) => Promise<T>): Promise<T> {
  const service = createAppService({ dataDir, mode: 'headless', schedule: false });
  try {
    return await fn(service);
  } finally {
    await service.close();
  }
}

/** A flow named by id, by name (any case) or by its template key (e.g. "customers"). */
export function resolveFlowId(service: FullAppService, ref: string): string {
  const flows = service.ctx.store.flows.list();
  const hit = flows.find((f) => f.id === ref) ?? flows.find((f) => f.name.toLowerCase() === ref.toLowerCase()) ?? flows.find((f) => f.template?.endsWith('/' + ref));
  if (!hit) throw new ServiceError('NOT_FOUND', `No flow "${ref}".`, `Known flows: ${flows.map((f) => f.name).join(', ') || 'none (import a workspace first)'}.`);
  return hit.id;
}
