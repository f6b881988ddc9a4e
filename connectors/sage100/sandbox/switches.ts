// The Sage 100 sandbox's switches: how it runs (driver, queue, timeout, where it keeps its files) and
// one switch per fact spec sage100.md marks unverified, so clients can be tested against every answer.
import { z } from 'zod';
import { defineSwitches, switchBool, switchInt } from '../../kit/sandbox/switches.ts';
import type { SandboxDescription } from '../../kit/sandbox/types.ts';
import { FAULT_NAMES } from './faults.ts';

export const SANDBOX_API_KEY = 'sandbox-agent-key-7Qm2xV9pL4cR8tY1wZ6nB3hJ5kD0fGsA';

export const sage100Switches = defineSwitches('sage100', {
  driver: z.enum(['auto', 'odbc', 'sqlite']).default('auto').describe('How the agent reads: real ODBC (unixODBC + SQLite ODBC driver), better-sqlite3 running the same SQL, or ODBC when installed (auto).'),
  queueDepth: switchInt.default(8).describe('Requests that may wait per company behind the running one before 429 agent.busy.'),
  queryTimeoutMs: switchInt.default(120_000).describe("The agent's query timeout (504 sage.timeout past it)."),
  apiKey: z.string().min(16).default(SANDBOX_API_KEY).describe('The X-Agent-Key the agent accepts (fixed so a saved demo connection survives restarts).'),
  dataDir: z.string().default('').describe('Keep the database and the agent certificate in this folder across restarts (default: a temporary folder).'),
  blankDates: z.enum(['mixed', 'null', 'empty', 'invalid']).default('mixed').describe('How the driver returns a blank date (unverified, depends on the DSN): NULL, empty string, an invalid date, or a mix.'),
  timePrecision: z.enum(['mixed', 'padded', 'short']).default('mixed').describe("TimeUpdated's stored text (unverified): '14.50000', '14.5', or a mix of writers."),
  creditMemoSign: z.enum(['negative', 'positive']).default('negative').describe('Sign of a credit memo Balance in AR_OpenInvoice (unverified).'),
  paidItemsLinger: switchBool.default(true).describe('Paid open items stay in AR_OpenInvoice with Balance 0 until period end (unverified).'),
});

export type Sage100Switches = ReturnType<typeof sage100Switches.parse>;

export const description: SandboxDescription = {
  system: 'sage100',
  summary: 'The Sage 100 agent (HTTPS, spec §7) over a seeded database with Sage 100 table and column names, read through ODBC',
  switches: sage100Switches.describe(),
  faults: FAULT_NAMES,
  seedFile: false,
};
