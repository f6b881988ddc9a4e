// Records from two connections of the same system never merge in one CRM (issue #12): two Sage 300
// companies both have a customer 1200, and both would write `1200` into HubSpot's unique
// ml_sage300_customer_number. A template marks the flows whose key carries the ERP's ids
// (`connectionKeyPrefix`); flows built for a connection with a key prefix (`EU-`) write `EU-1200` (ERP →
// CRM: the mapping's key.prefix) and read only `EU-…` back, as `1200` (CRM → ERP: key.sourcePrefix).
// The prefix lives in the flows' mappings, so exports, imports and the mapping editor carry it.
import type { Mapping } from '../../preload/contract/index.ts';
import type { FlowRow } from '../store/index.ts';
import type { TemplateFile, TemplateFlow } from './templates.ts';
import { ServiceError } from './service-error.ts';

/** The template flow's mapping for a connection with `prefix`, in front of the template's own prefix. */
export function withConnectionPrefix(flow: TemplateFlow, mapping: Mapping, prefix: string | undefined): Mapping {
  if (!prefix || !flow.connectionKeyPrefix) return mapping;
  return flow.from === 'erp'
    ? { ...mapping, key: { ...mapping.key, prefix: prefix + (mapping.key.prefix ?? '') } }
    : { ...mapping, key: { ...mapping.key, sourcePrefix: prefix + (mapping.key.sourcePrefix ?? '') } };
}

/** The connection prefix a flow built from `flow` carries; undefined when it has none. */
function prefixOf(flow: TemplateFlow, row: FlowRow): string | undefined {
  const key = (row.mapping as Mapping).key;
  const [have, own] = flow.from === 'erp' ? [key.prefix, flow.mapping.key.prefix] : [key.sourcePrefix, flow.mapping.key.sourcePrefix];
  const base = own ?? '';
  return have && have.length > base.length && have.endsWith(base) ? have.slice(0, have.length - base.length) : undefined;
}

const shown = (prefix: string | undefined) => (prefix ? `key prefix "${prefix}"` : 'no key prefix');

/**
 * The key prefix for the flows of `template` between `erpId` and `crmId`. Flows already built for this
 * pair keep theirs (a second call adds optional flows with the same one). Refused when the flows of another
 * connection of the same system already write into this CRM connection with the same prefix — or with
 * none, when this one has none either — or one prefix begins the other: their records would merge.
 */
export function keyPrefixFor(template: TemplateFile, erpId: string, crmId: string, requested: string | undefined, flows: FlowRow[], erpName: (id: string) => string): string | undefined {
  const marked = new Map(template.flows.filter((f) => f.connectionKeyPrefix).map((f) => [`${template.id}/${f.key}`, f]));
  if (!marked.size) {
    if (requested) throw new ServiceError('KEY_PREFIX_UNSUPPORTED', `The ${template.label} integration does not use key prefixes.`, 'Leave the key prefix empty.', { path: ['keyPrefix'] });
    return undefined;
  }
  const built = flows.flatMap((row) => {
    const flow = row.template ? marked.get(row.template) : undefined;
    if (!flow) return [];
    const [erp, crm] = flow.from === 'erp' ? [row.sourceConnectionId, row.destConnectionId] : [row.destConnectionId, row.sourceConnectionId];
    return [{ erp, crm, prefix: prefixOf(flow, row) }];
  });
  const own = built.find((b) => b.erp === erpId && b.crm === crmId);
  if (own && requested !== undefined && requested !== own.prefix) {
    throw new ServiceError('KEY_PREFIX_FIXED', `The flows of this integration between these connections already use ${shown(own.prefix)}.`, 'Leave the key prefix as it is: changing it would create a second copy of every record in the CRM.', { path: ['keyPrefix'] });
  }
  const prefix = own ? own.prefix : requested;
  const clash = built.find((b) => b.crm === crmId && b.erp !== erpId && (b.prefix === prefix || (b.prefix && prefix && (b.prefix.startsWith(prefix) || prefix.startsWith(b.prefix)))));
  if (clash) {
    throw new ServiceError(
      prefix ? 'KEY_PREFIX_TAKEN' : 'KEY_PREFIX_NEEDED',
      `"${erpName(clash.erp)}" already writes into this CRM connection with ${shown(clash.prefix)}; with ${shown(prefix)} the records of both companies would merge.`,
      `Give this connection a key prefix of its own, e.g. "${template.erp.slice(0, 2).toUpperCase()}2-", that neither begins nor is begun by the other's.`,
      { path: ['keyPrefix'] },
    );
  }
  return prefix;
}
