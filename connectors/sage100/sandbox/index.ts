// `ml-connector sandbox sage100`: the real Sage 100 agent (../agent) over a seeded database with Sage's
// table and column names, read through unixODBC + the SQLite ODBC driver when installed (else the same
// SQL over better-sqlite3, and the line says so). Prints one JSON line:
// {"url","companyCode","apiKey","user","password","fingerprint256","ca","admin","driver"}.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminApi, AdminError } from '../../kit/sandbox/admin.ts';
import { SandboxBase } from '../../kit/sandbox/base.ts';
import type { RunningSandbox, SandboxOptions, SandboxStarter } from '../../kit/sandbox/types.ts';
import { hashApiKey, hashPassword } from '../agent/auth.ts';
import { agentConfigSchema } from '../agent/config.ts';
import { AgentError } from '../agent/errors.ts';
import { fileLogger, localStamp, startAgent } from '../agent/index.ts';
import { openOdbc } from '../agent/odbc-connection.ts';
import type { RequestLogEntry } from '../agent/request-log.ts';
import { openSqlite } from '../agent/sqlite-connection.ts';
import { allRows } from '../agent/sql-connection.ts';
import { sage100AdminRoutes } from './admin.ts';
import { createSchema, insertRows } from './ddl.ts';
import { chooseDriver, sqliteOdbcConnectionString } from './odbc-dsn.ts';
import { checkSageFaults, FAULT_NAMES, SandboxFaults } from './faults.ts';
import { generate } from './seed.ts';
import { description, sage100Switches } from './switches.ts';

export { SANDBOX_API_KEY } from './switches.ts';
export { description };

export const SANDBOX_COMPANY = 'ABC';
export const SANDBOX_USER = 'SAGESRV\\svc-mlconnector';
export const SANDBOX_PASSWORD = 'Agent-Svc!2024';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How a request is counted: the collection path under the company, without keys or query (`customers/keys`). */
function endpointOf(path: string): string {
  const segs = path.split('?')[0]!.split('/').filter(Boolean);
  if (segs[1] !== 'companies' || segs.length < 4) return segs.join('/');
  return segs[4] === 'keys' ? `${segs[3]}/keys` : segs.length > 4 ? `${segs[3]}/:key` : segs[3]!;
}

export interface Sage100Sandbox extends RunningSandbox {
  /** Every request line the agent logged (tests check that no secret appears). */
  requestLog: RequestLogEntry[];
  dataDir: string;
}

async function startSage100Sandbox(options: SandboxOptions): Promise<Sage100Sandbox> {
  // The kit's parts: switches, clock, the fault plan (drawn before each company request) and counters.
  checkSageFaults(options.faults);
  const base = new SandboxBase({ system: 'sage100', switches: sage100Switches, faultNames: FAULT_NAMES }, options);
  const switches = base.switches;
  const choice = await chooseDriver(switches.driver);
  const dir = switches.dataDir || (await mkdtemp(join(tmpdir(), 'sage100-sandbox-')));
  await mkdir(dir, { recursive: true });
  const dbFile = join(dir, 'MAS_ABC.sqlite');
  // The Sage server's wall clock: real local time, moved by the admin API's `clock {advanceMs}`.
  const now = () => localStamp(new Date(base.clock.now()));

  // Seeded with better-sqlite3 and closed before any ODBC connection opens: two SQLite libraries in one
  // process must never hold the same file open (closing one drops the other's POSIX locks, and readers
  // then see stale pages). Later edits go through the driver the agent reads with.
  const seedDb = openSqlite(dbFile, { create: true });
  await seedDb.execute('PRAGMA journal_mode = WAL');
  const hasTables = (await allRows(seedDb, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'AR_Customer'")).length > 0;
  if (!hasTables) {
    const tables = generate(options.records ?? 200, options.seed ?? 1, now().slice(0, 10), switches);
    await createSchema(seedDb);
    await seedDb.transaction(async () => {
      for (const [table, rows] of Object.entries(tables)) await insertRows(seedDb, table, rows);
    });
  }
  await seedDb.close();
  const db = choice.driver === 'odbc' ? await openOdbc(sqliteOdbcConnectionString(choice.driverPath, dbFile)) : openSqlite(dbFile);

  const faults = new SandboxFaults();
  const apiKey = switches.apiKey;
  const config = agentConfigSchema.parse({
    listen: { host: options.host ?? '127.0.0.1', port: options.port ?? 0 },
    apiKeyHashes: [hashApiKey(apiKey)],
    serviceAccounts: [
      { user: SANDBOX_USER, passwordHash: hashPassword(SANDBOX_PASSWORD) },
      { user: 'SAGESRV\\tst-only', passwordHash: hashPassword(SANDBOX_PASSWORD), companies: ['TST'] },
    ],
    companies: [
      choice.driver === 'odbc'
        ? { code: SANDBOX_COMPANY, name: 'ABC Distribution and Service Corp.', driver: 'odbc', connectionString: sqliteOdbcConnectionString(choice.driverPath, dbFile) }
        : { code: SANDBOX_COMPANY, name: 'ABC Distribution and Service Corp.', driver: 'sqlite', sqliteFile: dbFile },
    ],
    queueDepth: switches.queueDepth,
    queryTimeoutMs: switches.queryTimeoutMs,
  });
  const open = async () => faults.wrap(choice.driver === 'odbc' ? await openOdbc(config.companies[0]!.connectionString!) : openSqlite(dbFile));
  const requestLog: RequestLogEntry[] = [];
  let served = 0; // every request since start (the in-memory log keeps only the latest)
  const holder: { agent?: Awaited<ReturnType<typeof startAgent>> } = {};
  const info = () => ({ companyCode: SANDBOX_COMPANY, driver: choice.driver, database: dbFile, faults: { locked: faults.locked, odbcDown: faults.odbcDown, slowQueryMs: faults.slowQueryMs, drawn: base.counters.get().faults }, requests: served });
  const admin = new AdminApi({
    ...base.adminParts(),
    // Switches shape the agent and the seeded data when it starts.
    switches: { get: () => base.switches, set: () => { throw new AdminError(400, 'The Sage 100 sandbox takes its switches at start: --switch NAME=VALUE.'); } },
    info,
    reset: () => { throw new AdminError(404, 'The Sage 100 sandbox has no reset: start it again (its data folder is temporary unless --switch dataDir is given).'); },
    seed: () => { throw new AdminError(404, 'The Sage 100 sandbox seeds at start (--records, --seed); add rows with POST insert.'); },
    routes: sage100AdminRoutes({
      db,
      faults,
      plan: base.faults,
      now,
      occupy: (ms) => {
        const session = holder.agent!.core.sessions.get(SANDBOX_COMPANY)!;
        for (let i = 0; i <= config.queueDepth; i++) void session.use(() => sleep(ms)).catch(() => undefined);
      },
      info,
    }),
  });
  const agentDir = join(dir, 'agent');
  const toFile = fileLogger(agentDir); // the real agent's log, as an admin would find it
  const agent = (holder.agent = await startAgent({
    config: { ...config, dataDir: agentDir },
    now,
    openConnection: open,
    admin: (req, res) => admin.serve(req, res),
    log: (entry) => {
      toFile(entry);
      served++;
      base.counters.record(`${entry.method} ${endpointOf(entry.path)}`, entry.status);
      requestLog.push(entry);
      if (requestLog.length > 10_000) requestLog.splice(0, 5_000);
    },
    beforeCompanyRequest: async (company, collection) => {
      const drawn = base.faults.draw('GET', collection);
      if (!drawn) return;
      base.counters.fault(drawn);
      if (drawn === 'locked') throw new AgentError('sage.locked', `A Sage 100 file of company ${company} is locked (injected fault). Retry shortly.`, {}, 5);
      if (drawn === 'odbcdown') throw new AgentError('sage.odbc_unavailable', `ODBC connect failed for company ${company} (injected fault).`, { sqlState: '08001' }, 30);
      if (drawn === 'slowquery') throw new AgentError('sage.timeout', `The query for company ${company} took longer than the agent's timeout (injected fault).`, {}, 10);
      if (drawn === 'busy') throw new AgentError('agent.busy', `Company ${company} has too many requests queued (injected fault).`, {}, 2);
    },
  }));
  const line: Record<string, unknown> = {
    system: 'sage100',
    url: agent.url,
    companyCode: SANDBOX_COMPANY,
    apiKey,
    user: SANDBOX_USER,
    password: SANDBOX_PASSWORD,
    fingerprint256: agent.fingerprint256,
    ca: agent.cert,
    admin: `${agent.url}/__sandbox`,
    driver: choice.driver,
    ...(choice.driver === 'sqlite' && { driverNote: `ODBC unavailable, the agent runs the same SQL over better-sqlite3: ${choice.reason}` }),
  };
  return {
    url: agent.url,
    line,
    requestLog,
    dataDir: dir,
    close: async () => {
      await agent.close();
      await db.close();
      if (!switches.dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export const startSandbox = Object.assign(startSage100Sandbox, { description }) satisfies SandboxStarter;
