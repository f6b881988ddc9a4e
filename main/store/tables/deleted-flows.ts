import type { Db } from '../db.ts';

/** What is remembered of a deleted flow: enough to name its audit history. */
export interface DeletedFlowRow {
  id: string;
  name: string;
  template: string | null;
  sourceConnectionId: string;
  destConnectionId: string;
  deletedAt: string;
}

interface Raw {
  id: string;
  name: string;
  template: string | null;
  source_connection_id: string;
  dest_connection_id: string;
  deleted_at: string;
}

const fromRaw = (r: Raw): DeletedFlowRow => ({
  id: r.id,
  name: r.name,
  template: r.template,
  sourceConnectionId: r.source_connection_id,
  destConnectionId: r.dest_connection_id,
  deletedAt: r.deleted_at,
});

export function deletedFlowsTable(db: Db) {
  const insert = db.prepare(
    `INSERT INTO deleted_flows (id, name, template, source_connection_id, dest_connection_id, deleted_at) VALUES (@id, @name, @template, @sourceConnectionId, @destConnectionId, @deletedAt)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, deleted_at = excluded.deleted_at`,
  );
  const list = db.prepare<[], Raw>('SELECT * FROM deleted_flows ORDER BY deleted_at, name');
  return {
    record: (row: DeletedFlowRow) => void insert.run(row),
    list: () => list.all().map(fromRaw),
  };
}
