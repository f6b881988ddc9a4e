import type { Db } from '../db.ts';

export interface WatermarkRow {
  /** Stored after a complete read; never above that read's signpost. */
  value: string | null;
  /** Position inside an interrupted read, committed with each page. */
  resume: string | null;
  /** The `since` the interrupted read started from, so a resumed read covers the same window. */
  windowSince: string | null;
}

export function watermarksTable(db: Db) {
  const get = db.prepare<[string, string], { value: string | null; resume: string | null; window_since: string | null }>(
    'SELECT value, resume, window_since FROM watermarks WHERE flow_id = ? AND entity = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO watermarks (flow_id, entity, value, resume, window_since, updated_at) VALUES (@flowId, @entity, @value, @resume, @windowSince, @at)
     ON CONFLICT (flow_id, entity) DO UPDATE SET value = excluded.value, resume = excluded.resume, window_since = excluded.window_since, updated_at = excluded.updated_at`,
  );
  const clear = db.prepare('DELETE FROM watermarks WHERE flow_id = ?');
  const list = db.prepare<[string], { entity: string; value: string | null; resume: string | null; window_since: string | null; updated_at: string }>(
    'SELECT entity, value, resume, window_since, updated_at FROM watermarks WHERE flow_id = ? ORDER BY entity',
  );
  return {
    get: (flowId: string, entity: string): WatermarkRow => {
      const r = get.get(flowId, entity);
      return { value: r?.value ?? null, resume: r?.resume ?? null, windowSince: r?.window_since ?? null };
    },
    set: (flowId: string, entity: string, w: WatermarkRow) => upsert.run({ flowId, entity, ...w, at: new Date().toISOString() }),
    clear: (flowId: string) => clear.run(flowId),
    /** Every entity's watermark of a flow, with when it was last written (the flow's cursor view). */
    list: (flowId: string): (WatermarkRow & { entity: string; updatedAt: string })[] =>
      list.all(flowId).map((r) => ({ entity: r.entity, value: r.value, resume: r.resume, windowSince: r.window_since, updatedAt: r.updated_at })),
  };
}
