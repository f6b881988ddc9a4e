import type { Db } from '../db.ts';

/** What one replay event sent, and through which mapping (migration 0011). */
export interface ReplaySendRow {
  eventId: number;
  sent: 'stored' | 'reread';
  note: string | null;
  mappingSavedAt: string;
  mappingHash: string;
}

interface Raw {
  event_id: number;
  sent: string;
  note: string | null;
  mapping_saved_at: string;
  mapping_hash: string;
}

export function replaySendsTable(db: Db) {
  const insert = db.prepare('INSERT OR REPLACE INTO replay_sends (event_id, sent, note, mapping_saved_at, mapping_hash) VALUES (@eventId, @sent, @note, @mappingSavedAt, @mappingHash)');
  const get = db.prepare<[number], Raw>('SELECT * FROM replay_sends WHERE event_id = ?');
  return {
    record: (row: ReplaySendRow) => void insert.run(row),
    get: (eventId: number): ReplaySendRow | undefined => {
      const r = get.get(eventId);
      return r ? { eventId: r.event_id, sent: r.sent === 'reread' ? 'reread' : 'stored', note: r.note, mappingSavedAt: r.mapping_saved_at, mappingHash: r.mapping_hash } : undefined;
    },
  };
}
