// What every connector sandbox accepts and returns, so `ml-connector sandbox <system>` and the demo
// can start any of them the same way.

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Always loopback; tests, benchmarks and the demo never bind anything else. */
  host?: '127.0.0.1' | '::1';
  /** Generate this many master records (customers/companies) with realistic related data. */
  records?: number;
  /** JSON seed file instead of generated data. */
  seedFile?: string;
  /** Fault spec, e.g. `429=0.05,500=0.03,reset=0.02,timeout=0.01,slow=0.05` (see faults.ts). */
  faults?: string;
  /** System-specific tier/edition (HubSpot: free|starter|professional|enterprise). */
  tier?: string;
  /** Divides rate-limit windows (and other time constants) so long runs stay short in benches. */
  timeScale?: number;
  /** Deterministic data and faults. */
  seed?: number;
  /** System-specific switches, including the spec's unverified behaviours (see each sandbox's README). */
  switches?: Record<string, string | number | boolean>;
}

export interface RunningSandbox {
  /** Base URL the connector is configured with. */
  url: string;
  /** The one JSON line `ml-connector sandbox` prints: url, credentials and system facts. */
  line: Record<string, unknown>;
  close(): Promise<void>;
}

export type SandboxStarter = (options: SandboxOptions) => Promise<RunningSandbox>;
