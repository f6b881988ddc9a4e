// Everything one running sandbox holds, shared by the API routes and the admin API.
import type { FaultInjector } from '../../kit/sandbox/faults.ts';
import type { ResultCache } from './query.ts';
import type { SandboxUser, SessionStore } from './sessions.ts';
import type { CompanyState } from './state.ts';
import type { Switches } from './switches.ts';

export interface SandboxCore {
  companyDB: string;
  users: SandboxUser[];
  state: CompanyState;
  sessions: SessionStore;
  switches: Switches;
  faults: FaultInjector;
  cache: ResultCache;
  /** Requests by `METHOD Set[(key)]` and status, for tests and benches (admin `GET /__sandbox/counters`). */
  requests: Map<string, number>;
  /** How to rebuild the data on `POST /__sandbox/reset`. */
  reseed(): void;
}

export function countRequest(core: SandboxCore, endpoint: string): void {
  core.requests.set(endpoint, (core.requests.get(endpoint) ?? 0) + 1);
}
