// Test data written through the real store: two connections, flows between them, finished runs.
import { mappingSchema } from '../../preload/contract/index.ts';
import type { Store } from '../../main/store/index.ts';

const now = () => new Date().toISOString();

export function seedFlows(store: Store, names: string[], enabled: boolean[] = names.map(() => true)): string[] {
  if (!store.connections.get('erp')) {
    store.connections.insert({ id: 'erp', system: 'sage300', name: 'Sage 300', settings: {}, tls: {}, createdAt: now(), updatedAt: now() });
    store.connections.insert({ id: 'crm', system: 'hubspot', name: 'HubSpot', settings: {}, tls: {}, createdAt: now(), updatedAt: now() });
  }
  return names.map((name, i) => {
    const id = `flow-${name.toLowerCase().replace(/\W+/g, '-')}`;
    store.flows.save({
      id,
      name,
      template: null,
      sourceConnectionId: 'erp',
      sourceEntity: 'customers',
      destConnectionId: 'crm',
      destObject: 'companies',
      mapping: mappingSchema.parse({ key: { from: 'IDCUST', to: 'ml_customer_number' }, fields: [{ to: 'name', from: 'NAMECUST' }] }),
      schedule: { kind: 'manual' },
      enabled: enabled[i] ?? true,
      dependsOn: [],
      createdAt: now(),
      updatedAt: now(),
    });
    return id;
  });
}

export function seedRun(store: Store, flowId: string, status: 'succeeded' | 'failed' | 'partial', id = `run-${flowId}-${Date.now()}`): string {
  const startedAt = now();
  store.runs.insert({ id, flowId, trigger: 'manual', status: 'running', startedAt, pid: null });
  store.runs.update({
    id,
    status,
    finishedAt: now(),
    counts: { read: 3, created: 1, updated: 0, unchanged: 0, skipped: 0, failed: status === 'succeeded' ? 0 : 2, waiting: 0 },
    expected: 3,
    written: 1,
    error: status === 'failed' ? { code: 'AUTH_REJECTED', message: 'HubSpot refused the access token.' } : null,
  });
  return id;
}
