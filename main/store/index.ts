// The store: one SQLite file in the data folder, one module per table. Only main/store imports
// better-sqlite3; everything else gets typed table objects from openStore().
import { join } from 'node:path';
import { openDatabase, type Db } from './db.ts';
import { connectionsTable } from './tables/connections.ts';
import { secretsTable } from './tables/secrets.ts';
import { webhookDeliveriesTable } from './tables/webhook-deliveries.ts';
import { flowsTable } from './tables/flows.ts';
import { runsTable } from './tables/runs.ts';
import { recordEventsTable } from './tables/record-events.ts';
import { idMapTable } from './tables/id-map.ts';
import { watermarksTable } from './tables/watermarks.ts';
import { parkedRecordsTable } from './tables/parked-records.ts';
import { alertsTable } from './tables/alerts.ts';
import { settingsTable } from './tables/settings.ts';
import { pendingDeletionsTable } from './tables/pending-deletions.ts';
import { flowLocksTable } from './tables/flow-locks.ts';
import { failedRecordsTable } from './tables/failed-records.ts';
import { connectionStateTable } from './tables/connection-state.ts';
import { deletedFlowsTable } from './tables/deleted-flows.ts';
import { templateBasesTable } from './tables/template-bases.ts';
import { appSecretsTable } from './tables/app-secrets.ts';
import { replaySendsTable } from './tables/replay-sends.ts';
import { fieldChangesTable } from './tables/field-changes.ts';
import { sourceHashesTable } from './tables/source-hashes.ts';
import { processAlive } from '../process-alive.ts';

export const DB_FILE_NAME = 'ml-connector.db';

export function createStore(db: Db) {
  return {
    db,
    connections: connectionsTable(db),
    secrets: secretsTable(db),
    flows: flowsTable(db),
    runs: runsTable(db),
    events: recordEventsTable(db),
    idMap: idMapTable(db),
    watermarks: watermarksTable(db),
    parked: parkedRecordsTable(db),
    alerts: alertsTable(db),
    settings: settingsTable(db),
    deletions: pendingDeletionsTable(db),
    locks: flowLocksTable(db, processAlive),
    failures: failedRecordsTable(db),
    webhookDeliveries: webhookDeliveriesTable(db),
    state: connectionStateTable(db),
    deletedFlows: deletedFlowsTable(db),
    templateBases: templateBasesTable(db),
    appSecrets: appSecretsTable(db),
    replaySends: replaySendsTable(db),
    fieldChanges: fieldChangesTable(db),
    sourceHashes: sourceHashesTable(db),
    /** Runs fn in one transaction (a page's audit events + id_map + watermark commit together). */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
    /** A consistent copy of the store while it is in use (SQLite's online backup API). */
    backup: (file: string) => db.backup(file),
    close: () => db.close(),
  };
}

export type Store = ReturnType<typeof createStore>;

export function openStore(dataDir: string): Store {
  return createStore(openDatabase(join(dataDir, DB_FILE_NAME)));
}

export type { RecordEventInput, RecordEventRow, RecordEventDetail, EventFilter } from './tables/record-events.ts';
export type { FlowRow } from './tables/flows.ts';
export type { ConnectionRow } from './tables/connections.ts';
export type { RunRow, RunSpendRow } from './tables/runs.ts';
export type { AlertRow } from './tables/alerts.ts';
export type { IdMapEntry } from './tables/id-map.ts';
export type { FieldChange } from './tables/field-changes.ts';
