import type { Db } from '../db.ts';

/** The template's flow as built for one flow (and as advanced by the admin's upgrade decisions). */
export interface TemplateBaseRow {
  flowId: string;
  /** The template version the base is (wholly or partly) at. */
  version: number;
  /** The connection key prefix the flow was built with (key-prefix.ts), so a newer version is built alike. */
  keyPrefix: string | null;
  /** `{ schedule, mapping }` as JSON. */
  base: unknown;
}

interface Raw {
  flow_id: string;
  version: number;
  key_prefix: string | null;
  base: string;
}

export function templateBasesTable(db: Db) {
  const get = db.prepare<[string], Raw>('SELECT * FROM flow_template_bases WHERE flow_id = ?');
  const upsert = db.prepare(
    `INSERT INTO flow_template_bases (flow_id, version, key_prefix, base) VALUES (?, ?, ?, ?)
     ON CONFLICT (flow_id) DO UPDATE SET version = excluded.version, key_prefix = excluded.key_prefix, base = excluded.base`,
  );
  const declines = db.prepare<[string], { flow_key: string; version: number }>('SELECT flow_key, version FROM template_flow_declines WHERE integration = ?');
  const decline = db.prepare(
    `INSERT INTO template_flow_declines (integration, flow_key, version) VALUES (?, ?, ?)
     ON CONFLICT (integration, flow_key) DO UPDATE SET version = excluded.version`,
  );
  return {
    get: (flowId: string): TemplateBaseRow | undefined => {
      const r = get.get(flowId);
      return r ? { flowId: r.flow_id, version: r.version, keyPrefix: r.key_prefix, base: JSON.parse(r.base) } : undefined;
    },
    save: (row: TemplateBaseRow) => void upsert.run(row.flowId, row.version, row.keyPrefix, JSON.stringify(row.base)),
    /** Flow keys a newer template version added that the admin chose not to create, with that version. */
    declined: (integration: string) => new Map(declines.all(integration).map((r) => [r.flow_key, r.version])),
    decline: (integration: string, flowKey: string, version: number) => void decline.run(integration, flowKey, version),
  };
}
