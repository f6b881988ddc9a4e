import type { Db } from '../db.ts';

export interface AlertRow {
  id: number;
  at: string;
  severity: 'info' | 'warning' | 'error';
  code: string;
  message: string;
  hint: string | null;
  flowId: string | null;
  connectionId: string | null;
  dismissed: boolean;
}

interface Raw extends Omit<AlertRow, 'dismissed' | 'flowId' | 'connectionId'> {
  flow_id: string | null;
  connection_id: string | null;
  dismissed: number;
}

const fromRaw = (r: Raw): AlertRow => ({
  id: r.id,
  at: r.at,
  severity: r.severity,
  code: r.code,
  message: r.message,
  hint: r.hint,
  flowId: r.flow_id,
  connectionId: r.connection_id,
  dismissed: r.dismissed === 1,
});

export function alertsTable(db: Db) {
  const insert = db.prepare('INSERT INTO alerts (at, severity, code, message, hint, flow_id, connection_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  // An alert already open for the same code and flow is refreshed instead of repeated.
  const findOpen = db.prepare<[string, string | null, string | null], Raw>(
    'SELECT * FROM alerts WHERE dismissed = 0 AND code = ? AND flow_id IS ? AND connection_id IS ? ORDER BY id DESC LIMIT 1',
  );
  const refresh = db.prepare('UPDATE alerts SET at = ?, message = ?, hint = ? WHERE id = ?');
  const listOpen = db.prepare<[], Raw>('SELECT * FROM alerts WHERE dismissed = 0 ORDER BY id DESC LIMIT 200');
  const listAll = db.prepare<[], Raw>('SELECT * FROM alerts ORDER BY id DESC LIMIT 200');
  const get = db.prepare<[number], Raw>('SELECT * FROM alerts WHERE id = ?');
  const dismiss = db.prepare('UPDATE alerts SET dismissed = 1 WHERE id = ?');
  const dismissCode = db.prepare('UPDATE alerts SET dismissed = 1 WHERE code = ? AND flow_id IS ? AND dismissed = 0');
  const dismissConnection = db.prepare('UPDATE alerts SET dismissed = 1 WHERE code = ? AND flow_id IS NULL AND connection_id IS ? AND dismissed = 0');
  return {
    raise(a: Omit<AlertRow, 'id' | 'dismissed' | 'at'>): { alert: AlertRow; isNew: boolean } {
      const at = new Date().toISOString();
      const open = findOpen.get(a.code, a.flowId, a.connectionId);
      if (open) {
        refresh.run(at, a.message, a.hint, open.id);
        return { alert: fromRaw(get.get(open.id)!), isNew: false };
      }
      const id = Number(insert.run(at, a.severity, a.code, a.message, a.hint, a.flowId, a.connectionId).lastInsertRowid);
      return { alert: fromRaw(get.get(id)!), isNew: true };
    },
    list: (includeDismissed: boolean) => (includeDismissed ? listAll : listOpen).all().map(fromRaw),
    dismiss: (id: number) => dismiss.run(id).changes > 0,
    /** Clears an alert whose cause went away (e.g. the next run succeeded). */
    clear: (code: string, flowId: string | null) => dismissCode.run(code, flowId),
    /** Clears a connection's alert (not a flow's) whose cause went away. */
    clearForConnection: (code: string, connectionId: string | null) => dismissConnection.run(code, connectionId),
  };
}
