// Fail fast when the machine cannot run the Sage 100 tests over real ODBC: unixODBC missing, the
// SQLite ODBC driver missing, or the `odbc` addon never built. Returns the one command that fixes it
// (never skips silently). Run directly: `node --import tsx connectors/sage100/agent/odbc-preflight.ts`
// exits 1 with the command on stderr.
import { pathToFileURL } from 'node:url';
import { sqliteOdbcDriverPath } from '../sandbox/odbc-dsn.ts';
import { loadOdbc } from './odbc-connection.ts';

export const APT_COMMAND = 'sudo apt-get install -y unixodbc unixodbc-dev odbcinst libsqliteodbc';

export type PreflightResult = { ok: true; driverPath: string } | { ok: false; problem: string; fix: string };

export async function odbcPreflight(): Promise<PreflightResult> {
  const driverPath = sqliteOdbcDriverPath();
  try {
    await loadOdbc();
  } catch (e) {
    const message = (e as Error).message;
    const fix = /npm rebuild odbc/.test(message) && !/not installed, so/.test(message) ? 'npm rebuild odbc' : `${APT_COMMAND} && npm rebuild odbc`;
    return { ok: false, problem: message, fix };
  }
  if (!driverPath) return { ok: false, problem: 'The SQLite ODBC driver (libsqlite3odbc.so) the Sage 100 tests read through is not installed.', fix: APT_COMMAND };
  return { ok: true, driverPath };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await odbcPreflight();
  if (!r.ok) {
    process.stderr.write(`Sage 100 tests need ODBC: ${r.problem}\nFix: ${r.fix}\n`);
    process.exit(1);
  }
  process.stdout.write(`ODBC ready (SQLite ODBC driver at ${r.driverPath}).\n`);
}
