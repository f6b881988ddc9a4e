import type { Db } from '../db.ts';

export interface FlowRow {
  id: string;
  name: string;
  template: string | null;
  /** Version of the template that built the flow; absent or null for hand-made flows. Never cleared by a save without one. */
  templateVersion?: number | null;
  sourceConnectionId: string;
  sourceEntity: string;
  destConnectionId: string;
  destObject: string;
  mapping: unknown;
  schedule: unknown;
  enabled: boolean;
  dependsOn: string[];
  createdAt: string;
  updatedAt: string;
}

interface Raw {
  id: string;
  name: string;
  template: string | null;
  template_version: number | null;
  source_connection_id: string;
  source_entity: string;
  dest_connection_id: string;
  dest_object: string;
  mapping: string;
  schedule: string;
  enabled: number;
  depends_on: string;
  created_at: string;
  updated_at: string;
}

const fromRaw = (r: Raw): FlowRow => ({
  id: r.id,
  name: r.name,
  template: r.template,
  templateVersion: r.template_version,
  sourceConnectionId: r.source_connection_id,
  sourceEntity: r.source_entity,
  destConnectionId: r.dest_connection_id,
  destObject: r.dest_object,
  mapping: JSON.parse(r.mapping),
  schedule: JSON.parse(r.schedule),
  enabled: r.enabled === 1,
  dependsOn: JSON.parse(r.depends_on),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toParams = (f: FlowRow) => ({
  id: f.id,
  name: f.name,
  template: f.template,
  template_version: f.templateVersion ?? null,
  source_connection_id: f.sourceConnectionId,
  source_entity: f.sourceEntity,
  dest_connection_id: f.destConnectionId,
  dest_object: f.destObject,
  mapping: JSON.stringify(f.mapping),
  schedule: JSON.stringify(f.schedule),
  enabled: f.enabled ? 1 : 0,
  depends_on: JSON.stringify(f.dependsOn),
  created_at: f.createdAt,
  updated_at: f.updatedAt,
});

export function flowsTable(db: Db) {
  const list = db.prepare<[], Raw>('SELECT * FROM flows ORDER BY created_at, name');
  const get = db.prepare<[string], Raw>('SELECT * FROM flows WHERE id = ?');
  const usingConnection = db.prepare<[string, string], { n: number }>('SELECT COUNT(*) n FROM flows WHERE source_connection_id = ? OR dest_connection_id = ?');
  const upsert = db.prepare(
    `INSERT INTO flows (id, name, template, template_version, source_connection_id, source_entity, dest_connection_id, dest_object, mapping, schedule, enabled, depends_on, created_at, updated_at)
     VALUES (@id, @name, @template, @template_version, @source_connection_id, @source_entity, @dest_connection_id, @dest_object, @mapping, @schedule, @enabled, @depends_on, @created_at, @updated_at)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, template = excluded.template,
       template_version = COALESCE(excluded.template_version, flows.template_version), source_connection_id = excluded.source_connection_id,
       source_entity = excluded.source_entity, dest_connection_id = excluded.dest_connection_id, dest_object = excluded.dest_object,
       mapping = excluded.mapping, schedule = excluded.schedule, enabled = excluded.enabled, depends_on = excluded.depends_on, updated_at = excluded.updated_at`,
  );
  const del = db.prepare('DELETE FROM flows WHERE id = ?');
  return {
    list: () => list.all().map(fromRaw),
    get: (id: string) => {
      const r = get.get(id);
      return r ? fromRaw(r) : undefined;
    },
    countUsingConnection: (connectionId: string) => usingConnection.get(connectionId, connectionId)?.n ?? 0,
    save: (f: FlowRow) => upsert.run(toParams(f)),
    delete: (id: string) => del.run(id).changes > 0,
  };
}
