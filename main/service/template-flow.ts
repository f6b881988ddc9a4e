// A template's flow as built for one integration (a template between one ERP connection and one CRM
// connection): its flow references become the integration's flow ids and its key takes the connection's
// key prefix. Setting up an integration and upgrading it to a newer template build flows the same way.
import type { Mapping } from '../../preload/contract/index.ts';
import type { FlowRow, Store } from '../store/index.ts';
import type { TemplateFile, TemplateFlow } from './templates.ts';
import { withConnectionPrefix } from './key-prefix.ts';

/** The template flow's mapping with flow keys replaced by `ids` (key → flow id) and the key prefix applied. */
export function builtMapping(f: TemplateFlow, ids: ReadonlyMap<string, string>, keyPrefix: string | undefined): Mapping {
  return withConnectionPrefix(
    f,
    {
      ...f.mapping,
      associations: f.mapping.associations.map((a) => ({ ...a, flow: ids.get(a.flow) ?? a.flow })),
      ...(f.mapping.match && { match: { ...f.mapping.match, flow: ids.get(f.mapping.match.flow) ?? f.mapping.match.flow } }),
    },
    keyPrefix,
  );
}

/** Which connection a template flow reads and which it writes. */
export const endsOf = (f: TemplateFlow, erpId: string, crmId: string) =>
  f.from === 'erp' ? { sourceConnectionId: erpId, destConnectionId: crmId } : { sourceConnectionId: crmId, destConnectionId: erpId };

/** An integration's stable id: the template and its two connections. */
export const integrationId = (templateId: string, erpId: string, crmId: string) => `${templateId}~${erpId}~${crmId}`;

/** The template key of a flow built from a template (`sage300-hubspot/customers` → customers). */
export const templateKeyOf = (row: Pick<FlowRow, 'template'>) => row.template?.split('/')[1];

/** The flows built from `template` between these two connections, by template flow key. */
export function integrationFlows(all: FlowRow[], template: TemplateFile, erpId: string, crmId: string): Map<string, FlowRow> {
  const pair = [erpId, crmId].sort().join();
  return new Map(
    all
      .filter((f) => f.template?.startsWith(template.id + '/') && [f.sourceConnectionId, f.destConnectionId].sort().join() === pair)
      .map((f) => [templateKeyOf(f)!, f]),
  );
}

/** The ERP and CRM connections of a flow built from `template` (by the connections' systems). */
export function connectionsOf(store: Pick<Store, 'connections'>, template: TemplateFile, row: FlowRow): { erpId: string; crmId: string } | undefined {
  const systemOf = (id: string) => store.connections.get(id)?.system;
  if (systemOf(row.sourceConnectionId) === template.erp && systemOf(row.destConnectionId) === template.crm) return { erpId: row.sourceConnectionId, crmId: row.destConnectionId };
  if (systemOf(row.destConnectionId) === template.erp && systemOf(row.sourceConnectionId) === template.crm) return { erpId: row.destConnectionId, crmId: row.sourceConnectionId };
  return undefined;
}
