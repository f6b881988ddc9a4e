// One-time CRM setup for an integration template: the custom properties its flows write, including
// the unique external-ID properties upserts are keyed by. Idempotent: existing properties are kept.
import type { ServiceContext } from '../service/context.ts';
import { ServiceError } from '../service/service-error.ts';
import { loadTemplates } from '../service/templates.ts';
import { configOf, decryptSecrets } from './open-connector.ts';
import { createHubSpotClient, ensureProperties, DEFAULT_LINE_KEY_PROPERTY, type PropertySpec } from '../../connectors/hubspot/index.ts';
import type { HubSpotConfig } from '../../connectors/hubspot/index.ts';

export async function setupTemplate(ctx: ServiceContext, templateId: string, crmConnectionId: string): Promise<{ created: string[] }> {
  const template = loadTemplates().find((t) => t.id === templateId);
  const conn = ctx.store.connections.get(crmConnectionId);
  if (!template || !conn) throw new ServiceError('NOT_FOUND', 'The integration or its CRM connection does not exist.');
  if (conn.system !== 'hubspot') return { created: [] };
  const config = configOf(conn) as HubSpotConfig;
  const client = createHubSpotClient(config, { secrets: decryptSecrets(ctx, conn.id), registry: ctx.registry, logger: ctx.logger });
  const created: string[] = [];
  try {
    const byObject = new Map<string, PropertySpec[]>();
    for (const p of template.crmProperties) {
      byObject.set(p.object, [
        ...(byObject.get(p.object) ?? []),
        { name: p.name, label: p.label, type: p.type as PropertySpec['type'], ...(p.fieldType && { fieldType: p.fieldType }), unique: p.unique, ...(p.options && { options: p.options }) },
      ]);
    }
    // Line items of invoices and deals are keyed by their own unique property so re-runs never duplicate them.
    if (template.flows.some((f) => f.mapping.lines)) {
      byObject.set('line_items', [...(byObject.get('line_items') ?? []), { name: config.lineKeyProperty ?? DEFAULT_LINE_KEY_PROPERTY, label: 'ml-connector line key', type: 'string', fieldType: 'text', unique: true }]);
    }
    for (const [object, specs] of byObject) {
      const r = await ensureProperties(client, object, specs);
      created.push(...r.created.map((n) => `${object}.${n}`));
    }
  } finally {
    await client.close();
  }
  if (created.length) ctx.logger.info({ template: templateId, created }, 'created CRM properties');
  return { created };
}
