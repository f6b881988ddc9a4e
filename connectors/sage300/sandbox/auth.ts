// HTTP Basic on every request (spec §2): user IDs are stored upper-case and compared as they arrive
// (switchable), passwords compared exactly or — on a legacy install — against their upper-cased form,
// ADMIN refused unless AllowWebApiAccessForAdmin, and the Web API right granted per module.
import { SageError } from './errors.ts';
import type { Switches } from './switches.ts';

export interface SandboxUser {
  id: string;
  password: string;
}

export const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="Sage300WebApi"' };

export const unauthorized = () => new SageError(401, 'Unauthorized', 'Invalid user ID or password, or the user is not authorized to use the Sage 300 Web API.', CHALLENGE);

/** Returns the signed-in user ID or throws the 401/403 the Web API answers with. */
export function authenticate(header: string | undefined, users: SandboxUser[], switches: Switches): string {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) throw unauthorized();
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw unauthorized();
  const sentId = decoded.slice(0, colon);
  const sentPassword = decoded.slice(colon + 1);
  const id = switches.userIdCaseSensitive ? sentId : sentId.toUpperCase();
  const user = users.find((u) => u.id === id);
  if (!user) throw unauthorized();
  const expected = switches.passwordCase === 'upper' ? user.password.toUpperCase() : user.password;
  if (sentPassword !== expected) throw unauthorized();
  if (user.id === 'ADMIN' && switches.adminBlocked) {
    const message = 'ADMIN is not allowed to use the Sage 300 Web API (AllowWebApiAccessForAdmin is not set).';
    throw switches.adminBlockedStatus === 403 ? new SageError(403, 'Forbidden', message) : new SageError(401, 'Unauthorized', message, CHALLENGE);
  }
  return user.id;
}

export function checkModuleRight(user: string, module: string, switches: Switches): void {
  const forbidden = switches.forbiddenModules.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  if (forbidden.includes(module.toUpperCase())) {
    throw new SageError(403, 'Forbidden', `User ${user} does not have the Sage 300 Web API right for ${module.toUpperCase()}.`);
  }
}
