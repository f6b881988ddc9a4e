// Everything one running sandbox holds, shared by the API routes and the admin API.
import type { SandboxBase } from '../../kit/sandbox/base.ts';
import type { SessionStore } from '../../kit/sandbox/sessions.ts';
import type { ResultCache } from './query.ts';
import type { CompanyState } from './state.ts';
import type { sapb1Switches } from './switches.ts';
import type { WebhookMessenger } from './webhooks.ts';
import type { SystemPermissions } from './permissions.ts';

export interface SandboxUser {
  name: string;
  password: string;
  state: 'ok' | 'locked' | 'unlicensed';
  /** Superusers hold every permission (webhook manipulation included, spec §10.1). */
  superuser: boolean;
}

export interface SandboxCore {
  base: SandboxBase<(typeof sapb1Switches)['schema']['shape']>;
  companyDB: string;
  users: SandboxUser[];
  state: CompanyState;
  /** Session id → B1 user name. */
  sessions: SessionStore<string>;
  cache: ResultCache;
  /** Service Layer webhooks (spec §10.1), v2 only. */
  messenger: WebhookMessenger;
  /** Permissions superusers granted others (`SBOBobService_SetSystemPermission`). */
  permissions: SystemPermissions;
}
