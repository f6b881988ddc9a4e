// What every connector sandbox accepts and returns, so `ml-connector sandbox <system>`, the demo, tests
// and benchmarks start any of them the same way.
import type { SwitchDescription } from './switches.ts';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Always loopback; tests, benchmarks and the demo never bind anything else. */
  host?: '127.0.0.1' | '::1';
  /** Generate this many master records (customers/companies) with realistic related data. */
  records?: number;
  /** JSON seed file instead of generated data. */
  seedFile?: string;
  /** Fault spec, e.g. `429=0.05,500=0.03,reset=0.02,timeout=0.01,slow=0.05,expire=0.01` (see faults.ts). */
  faults?: string;
  /** System-specific tier/edition (HubSpot: free|starter|professional|enterprise). */
  tier?: string;
  /** Vendor time runs this many times faster (rate windows, session lifetimes, credit windows). */
  timeScale?: number;
  /** Random seed: deterministic data and faults (`--random-seed`). */
  seed?: number;
  /** HTTPS with an in-process self-signed certificate (the line then carries fingerprint256 and ca). */
  tls?: boolean;
  /** System-specific switches, including the spec's unverified behaviours (`--switch NAME=VALUE`). */
  switches?: Record<string, string | number | boolean>;
}

export interface RunningSandbox {
  /** Base URL the connector is configured with. */
  url: string;
  /** The one JSON line `ml-connector sandbox` prints: at least url and admin; fingerprint256 and ca under TLS. */
  line: Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Starts a sandbox. Attach the description (`Object.assign(start, { description })`) so
 * `ml-connector sandbox <system> --help` can list its switches and faults without starting it.
 */
export type SandboxStarter = ((options: SandboxOptions) => Promise<RunningSandbox>) & { readonly description?: SandboxDescription };

/** What `ml-connector sandbox <system> --help` lists, without starting anything. */
export interface SandboxDescription {
  system: string;
  summary: string;
  switches: SwitchDescription[];
  /** Fault names beyond the standard ones. */
  faults: readonly string[];
  /** Whether `--seed FILE` loads records from a file (otherwise the sandbox generates them: `--records N`). */
  seedFile: boolean;
}
