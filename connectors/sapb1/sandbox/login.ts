// Login's answers for everything but success (spec §2.5, §2.7).
import type { SandboxUser } from './core.ts';
import { SlError } from './errors.ts';

export function loginRefusal(
  users: readonly SandboxUser[],
  companyDB: string,
  body: { CompanyDB?: unknown; UserName?: unknown; Password?: unknown },
  opts: { unknownCompanyStatus: number; unlicensedAnswer: 'loginFailed' | 'licenseMessage' },
): SlError | SandboxUser {
  if (typeof body.CompanyDB !== 'string' || typeof body.UserName !== 'string' || typeof body.Password !== 'string') {
    return new SlError(400, -1000, 'Login requires CompanyDB, UserName and Password');
  }
  if (body.CompanyDB !== companyDB) return new SlError(opts.unknownCompanyStatus, -111, 'Fail to Get the Bound Database Instance from SLD');
  const user = users.find((u) => u.name === body.UserName);
  if (!user || user.password !== body.Password) return new SlError(401, 100000027, 'Login failed');
  if (user.state === 'locked') return new SlError(401, 100000055, 'User account is locked');
  if (user.state === 'unlicensed') {
    return opts.unlicensedAnswer === 'loginFailed'
      ? new SlError(401, 100000027, 'Login failed')
      : new SlError(401, -1, 'You are not permitted to perform this action: no license is assigned to this user. Assign a Professional or Limited license in License Administration.');
  }
  return user;
}
