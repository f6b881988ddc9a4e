// What a sandbox route handler receives and returns.
import type { Edition } from './editions.ts';
import type { PageTokens } from './paging.ts';
import type { OrgStore } from './store.ts';
import type { Switches } from './switches.ts';
import type { WatchService } from './watch.ts';

export interface SandboxEnv {
  store: OrgStore;
  switches: Switches;
  edition: Edition;
  watch: WatchService;
  apiDomain: string;
}

export interface RouteCtx {
  env: SandboxEnv;
  now: number;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: unknown;
  pageTokens: PageTokens;
  /** The scopes of the caller's access token (COQL checks the module's scope itself). */
  scopes: string[];
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
