// `ml-connector sandbox sage300`: a faithful Sage 300 Web API on 127.0.0.1 (spec §11), printing one JSON
// line with the base URL through the company, the company, the integration user and its password.
// Plumbing (server, TLS, admin verbs, faults, counters, clock, switches) is the kit's.
import { readFile } from 'node:fs/promises';
import { AdminApi } from '../../kit/sandbox/admin.ts';
import { SandboxBase } from '../../kit/sandbox/base.ts';
import { utcDay } from '../../kit/sandbox/clock.ts';
import { startSandboxServer } from '../../kit/sandbox/server.ts';
import type { RunningSandbox, SandboxDescription, SandboxOptions, SandboxStarter } from '../../kit/sandbox/types.ts';
import { applySwitchSideEffects, sage300Admin } from './admin.ts';
import type { SandboxCore } from './core.ts';
import type { SeedData } from './data.ts';
import { createHandler } from './server.ts';
import { SandboxState } from './state.ts';
import { sage300Switches } from './switches.ts';

export const SANDBOX_COMPANY = 'SAMINC';
export const SANDBOX_USER = 'WEBAPI';
/** Mixed case on purpose: whether it must be sent exactly or upper-cased depends on the `passwordCase` switch. */
export const SANDBOX_PASSWORD = 'Sage300-Web!';
/** Fault names beyond the kit's: `dayend` (409 "Day End Processing" on transaction inserts), `dropresponse` (committed, never answered). */
export const SAGE_FAULTS = ['dayend', 'dropresponse'] as const;

export const description: SandboxDescription = {
  system: 'sage300',
  summary: 'Sage 300 Web API (OData v4 over IIS, Basic auth); company SAMINC, user WEBAPI.',
  switches: sage300Switches.describe(),
  faults: SAGE_FAULTS,
  seedFile: true,
};

async function startSage300Sandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const base = new SandboxBase(
    { system: 'sage300', switches: sage300Switches, faultNames: SAGE_FAULTS, faultSeed: (seed) => seed ^ 0x5a6e, today: (s) => s.today || utcDay(Date.now()) },
    options,
  );
  const records = options.records ?? 200;
  const data = options.seedFile ? (JSON.parse(await readFile(options.seedFile, 'utf8')) as Partial<SeedData>) : undefined;
  const state = new SandboxState(base.clock);
  const core: SandboxCore = {
    base,
    company: SANDBOX_COMPANY,
    users: [
      { id: SANDBOX_USER, password: SANDBOX_PASSWORD },
      { id: 'ADMIN', password: 'ADMIN' },
    ],
    state,
    get switches() {
      return base.switches;
    },
    cold: base.switches.coldStartMs > 0,
    initial: { records, seed: base.seed, today: state.today, ...(data && { data }), ...(options.faults && { faults: options.faults }) },
  };
  applySwitchSideEffects(core);
  if (data) state.seed(data);
  else state.seedGenerated(records, base.seed);

  const admin = new AdminApi({ ...base.adminParts(() => applySwitchSideEffects(core)), ...sage300Admin(core) });
  const server = await startSandboxServer({ ...options, counters: base.counters, faults: base.faults, admin, handle: createHandler(core), keepAliveTimeoutMs: 30_000 });
  const url = `${server.origin}/Sage300WebApi/v1.0/-/${SANDBOX_COMPANY}`;
  const line = base.line(server, url, { company: SANDBOX_COMPANY, user: SANDBOX_USER, password: SANDBOX_PASSWORD, today: state.today, records: state.counts() });
  return { url, line, close: server.close };
}

export const startSandbox: SandboxStarter = Object.assign(startSage300Sandbox, { description });
