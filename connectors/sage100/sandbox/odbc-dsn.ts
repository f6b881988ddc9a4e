// Which driver the sandbox's agent reads through: real ODBC (unixODBC + the SQLite ODBC driver, with a
// DSN-less connection string so the machine's /etc/odbc.ini is never involved) when both are present,
// otherwise better-sqlite3 running the same SQL — and the JSON line says which (`"driver"`).
import { existsSync } from 'node:fs';
import { loadOdbc } from '../agent/odbc-connection.ts';

const SQLITE_ODBC_PATHS = [
  '/usr/lib/x86_64-linux-gnu/odbc/libsqlite3odbc.so',
  '/usr/lib/aarch64-linux-gnu/odbc/libsqlite3odbc.so',
  '/usr/lib64/libsqlite3odbc.so',
  '/usr/lib/libsqlite3odbc.so',
  '/usr/local/lib/libsqlite3odbc.so',
  '/opt/homebrew/lib/libsqlite3odbc.dylib',
];

export function sqliteOdbcDriverPath(): string | null {
  const fromEnv = process.env.SQLITE_ODBC_DRIVER;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return SQLITE_ODBC_PATHS.find((p) => existsSync(p)) ?? null;
}

/** DSN-less: the driver library by path, the database file, a 2 s busy wait for the sandbox's own writes. */
export function sqliteOdbcConnectionString(driverPath: string, file: string): string {
  return `Driver=${driverPath};Database=${file};Timeout=2000;SyncPragma=NORMAL`;
}

export type DriverChoice = { driver: 'odbc'; driverPath: string } | { driver: 'sqlite'; reason: string };

export async function chooseDriver(wanted: 'auto' | 'odbc' | 'sqlite'): Promise<DriverChoice> {
  if (wanted === 'sqlite') return { driver: 'sqlite', reason: 'asked for with the driver switch' };
  const driverPath = sqliteOdbcDriverPath();
  let problem: string | null = driverPath ? null : 'the SQLite ODBC driver (libsqliteodbc) is not installed: sudo apt-get install -y libsqliteodbc';
  if (!problem) {
    try {
      await loadOdbc();
    } catch (e) {
      problem = (e as Error).message;
    }
  }
  if (!problem) return { driver: 'odbc', driverPath: driverPath! };
  if (wanted === 'odbc') throw new Error(`The Sage 100 sandbox cannot use ODBC: ${problem}`);
  return { driver: 'sqlite', reason: problem };
}
