// The running sandbox's mutable parts, shared by the Web API routes and the admin API.
import type { SandboxBase } from '../../kit/sandbox/base.ts';
import type { SandboxUser } from './auth.ts';
import type { SeedData } from './data.ts';
import type { SandboxState } from './state.ts';
import type { sage300Switches, Switches } from './switches.ts';

export interface SandboxCore {
  /** Clock, faults, counters and switches (the kit's). */
  base: SandboxBase<typeof sage300Switches.schema.shape>;
  company: string;
  users: SandboxUser[];
  state: SandboxState;
  readonly switches: Switches;
  /** The first request after start (or after the admin re-arms it) waits `coldStartMs`. */
  cold: boolean;
  /** How to rebuild the initial data on `/__sandbox/reset`. */
  initial: { records: number; seed: number; today: string; data?: Partial<SeedData>; faults?: string };
}
