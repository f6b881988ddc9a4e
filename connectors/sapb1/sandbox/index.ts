// `ml-connector sandbox sapb1`: a faithful SAP Business One Service Layer on 127.0.0.1 (spec §12), printing
// one JSON line with both service roots, the company database, the integration user and its password.
import { readFile } from 'node:fs/promises';
import { AdminApi } from '../../kit/sandbox/admin.ts';
import { SandboxBase } from '../../kit/sandbox/base.ts';
import { startSandboxServer } from '../../kit/sandbox/server.ts';
import { SessionStore } from '../../kit/sandbox/sessions.ts';
import { WebhookMessenger } from './webhooks.ts';
import { SystemPermissions } from './permissions.ts';
import type { RunningSandbox, SandboxDescription, SandboxOptions, SandboxStarter } from '../../kit/sandbox/types.ts';
import { adminRecords, adminRoutes } from './admin.ts';
import type { SandboxCore, SandboxUser } from './core.ts';
import type { SeedData } from './data.ts';
import { ResultCache } from './query.ts';
import { createHandler } from './server.ts';
import { CompanyState } from './state.ts';
import { sapb1Switches } from './switches.ts';

export const SANDBOX_COMPANY = 'SBODEMOUS';
export const SANDBOX_USER = 'manager';
export const SANDBOX_PASSWORD = 'B1-Sandbox!2026';
/** Users whose Login fails in the ways check() must tell apart (spec §2.5, §2.7). */
export const LOCKED_USER = 'locked';
export const UNLICENSED_USER = 'nolicense';
/** A licensed user who is no superuser (webhook manipulation needs permission 2249 granted). */
export const CLERK_USER = 'clerk';

export const description: SandboxDescription = {
  system: 'sapb1',
  summary: 'SAP Business One Service Layer (/b1s/v1 OData v3 flavour and /b1s/v2 OData v4), sessions by B1SESSION/ROUTEID cookies',
  switches: sapb1Switches.describe(),
  faults: [],
  seedFile: true,
};

export interface SapB1Sandbox extends RunningSandbox {
  core: SandboxCore;
}

export const startSandbox: SandboxStarter = Object.assign((options: SandboxOptions) => startSapB1Sandbox(options), { description });

export async function startSapB1Sandbox(options: SandboxOptions): Promise<SapB1Sandbox> {
  const base = new SandboxBase({ system: 'sapb1', switches: sapb1Switches }, options);
  const records = options.records ?? 200;
  const data = options.seedFile ? (JSON.parse(await readFile(options.seedFile, 'utf8')) as Partial<SeedData>) : undefined;
  const users: SandboxUser[] = [
    { name: SANDBOX_USER, password: SANDBOX_PASSWORD, state: 'ok', superuser: true },
    { name: CLERK_USER, password: SANDBOX_PASSWORD, state: 'ok', superuser: false },
    { name: LOCKED_USER, password: SANDBOX_PASSWORD, state: 'locked', superuser: false },
    { name: UNLICENSED_USER, password: SANDBOX_PASSWORD, state: 'unlicensed', superuser: false },
  ];
  const state = new CompanyState(base.clock, () => base.switches);
  const sessions = new SessionStore<string>(base.clock, { lifetimeMs: base.switches.sessionTimeoutSeconds * 1000, sliding: true, idFormat: 'uuid' });
  const messenger = new WebhookMessenger(base.clock, SANDBOX_COMPANY, () => base.switches);
  state.onChange((change) => messenger.onChange(change));
  const permissions = new SystemPermissions(base.clock, () => base.switches.permissionCacheSeconds);
  const core: SandboxCore = { base, companyDB: SANDBOX_COMPANY, users, state, sessions, cache: new ResultCache(), messenger, permissions };
  const reseed = (n = records, seed = base.seed) => (data ? state.seed(data) : state.seedGenerated(n, seed));
  reseed();

  const admin = new AdminApi({
    ...base.adminParts(() => sessions.setLifetime(base.switches.sessionTimeoutSeconds * 1000)),
    info: () => ({ counts: state.counts(), sessions: sessions.size, logins: sessions.logins, serverTime: state.local() }),
    reset: () => {
      base.changeSwitches(base.initialSwitches);
      sessions.setLifetime(base.switches.sessionTimeoutSeconds * 1000);
      reseed();
      sessions.reset();
      return { counts: state.counts() };
    },
    seed: (body) => {
      const b = body as { records?: unknown; seed?: unknown };
      const n = typeof b.records === 'number' ? b.records : records;
      reseed(n, typeof b.seed === 'number' ? b.seed : base.seed);
      return { counts: state.counts() };
    },
    records: adminRecords(core),
    expireSessions: () => sessions.expireAll(),
    routes: adminRoutes(core),
  });
  const server = await startSandboxServer({ ...options, counters: base.counters, faults: base.faults, admin, handle: createHandler(core) });
  const url = `${server.origin}/b1s/v2`;
  const line = base.line(server, url, {
    urlV1: `${server.origin}/b1s/v1`,
    companyDB: SANDBOX_COMPANY,
    user: SANDBOX_USER,
    password: SANDBOX_PASSWORD,
    records: state.counts(),
  });
  return {
    url, line, core,
    close: async () => {
      messenger.close();
      await server.close();
    },
  };
}
