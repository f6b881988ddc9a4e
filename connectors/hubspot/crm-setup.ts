// CRM setup for an integration template (manifest capability `crmSetup`): the custom properties its
// flows write, including the unique external-ID properties upserts are keyed by. Idempotent: existing
// properties are kept.
import type { CrmSetupCapability } from '../kit/types.ts';
import { createHubSpotClient, type HubSpotConfig } from './config.ts';
import { DEFAULT_LINE_KEY_PROPERTY } from './invoices.ts';
import { ensureProperties, type PropertySpec } from './properties.ts';

export const hubspotCrmSetup: CrmSetupCapability<HubSpotConfig> = {
  async ensureFields(config, ctx, input) {
    const client = createHubSpotClient(config, ctx);
    const created: string[] = [];
    try {
      const byObject = new Map<string, PropertySpec[]>();
      for (const p of input.fields) {
        byObject.set(p.object, [
          ...(byObject.get(p.object) ?? []),
          { name: p.name, label: p.label, type: p.type as PropertySpec['type'], ...(p.fieldType && { fieldType: p.fieldType }), unique: p.unique, ...(p.options && { options: p.options }) },
        ]);
      }
      // Line items of invoices and deals are keyed by their own unique property so re-runs never duplicate them.
      if (input.writesLines) {
        byObject.set('line_items', [
          ...(byObject.get('line_items') ?? []),
          { name: config.lineKeyProperty ?? DEFAULT_LINE_KEY_PROPERTY, label: 'ml-connector line key', type: 'string', fieldType: 'text', unique: true },
        ]);
      }
      for (const [object, specs] of byObject) {
        const r = await ensureProperties(client, object, specs, input.signal);
        created.push(...r.created.map((n) => `${object}.${n}`));
      }
    } finally {
      await client.close();
    }
    return { created };
  },
};
