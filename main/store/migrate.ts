// Numbered migrations, each applied in its own transaction and recorded with the SHA-256 of its SQL.
// A failing migration rolls back and leaves the file exactly as it was; an applied migration whose
// SQL changed afterwards is refused (edit history by adding a migration, never by rewriting one).
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function migrate(db: Database.Database, all: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Map(
    (db.prepare('SELECT version, name, sha256 FROM schema_migrations').all() as { version: number; name: string; sha256: string }[]).map((r) => [r.version, r]),
  );
  const known = new Set(all.map((m) => m.version));
  for (const v of applied.keys()) {
    if (!known.has(v)) {
      throw new MigrationError(
        `The data file was written by a newer ml-connector (schema version ${v}).`,
        'Install the newer version again, or open a copy of an older data folder.',
      );
    }
  }
  const done: number[] = [];
  for (const m of [...all].sort((a, b) => a.version - b.version)) {
    const hash = sha256(m.sql);
    const prior = applied.get(m.version);
    if (prior) {
      if (prior.sha256 !== hash) {
        throw new MigrationError(
          `Migration ${m.version} (${m.name}) differs from the one applied to this data file.`,
          'Migrations are immutable once released; add a new numbered migration instead.',
        );
      }
      continue;
    }
    const apply = db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)').run(m.version, m.name, hash, new Date().toISOString());
    });
    try {
      apply();
    } catch (e) {
      throw new MigrationError(`Migration ${m.version} (${m.name}) failed: ${(e as Error).message}`, 'The data file was left unchanged; report this with the log.');
    }
    done.push(m.version);
  }
  return done;
}
