// HubSpot's daily API limit resets at midnight in the portal's time zone (spec §10), and only
// GET /account-info/v3/details says which zone that is (`timeZone`, in HubSpot's names such as
// "US/Eastern"). The client learns it on the connection test and on its first call, and keeps it in the
// portal's account state — where the daily budget it places lives, read by every connection and process
// of the portal — so it is asked once per portal. A zone that cannot be read falls back to UTC, with a
// note the dashboard and the CLI show beside the reset time.
import { z } from 'zod';
import type { ConnectionState } from '../kit/state/connection-state.ts';
import { accountDetails } from './schema.ts';

export const ACCOUNT_DETAILS_PATH = '/account-info/v3/details';
/** Key in the portal's account state. */
const PORTAL_ZONE_KEY = 'portal-time-zone';

const portalZoneSchema = z.object({ timeZone: z.string().min(1), note: z.string().optional() });
/** The zone the portal's API day runs in; `note` says why it is UTC when HubSpot's could not be used. */
export type PortalZone = z.infer<typeof portalZoneSchema>;

/** Whether this runtime can place midnight in the zone (HubSpot's names are IANA's, old aliases included). */
function knownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** UTC in place of the portal's zone, saying why and what to do. */
export function utcFallback(why: string): PortalZone {
  return {
    timeZone: 'UTC',
    note: `${why}, so its daily API calls are counted in UTC days and may reset at another hour than HubSpot's. Test the connection to read the zone again.`,
  };
}

/**
 * What an account-info answer says of the portal's zone. Undefined when asking again later may answer
 * otherwise (a rejected token: every call fails until it is fixed); a refusal or an unusable zone is an
 * answer, and falls back to UTC.
 */
export function zoneFromAnswer(res: { status: number; body: unknown }): PortalZone | undefined {
  if (res.status === 401) return undefined;
  if (res.status !== 200) return utcFallback(`HubSpot did not say this portal's time zone (HTTP ${res.status} from ${ACCOUNT_DETAILS_PATH})`);
  const details = accountDetails.safeParse(res.body);
  const timeZone = details.success ? details.data.timeZone : undefined;
  if (!timeZone) return utcFallback("HubSpot's account details name no time zone for this portal");
  if (!knownZone(timeZone)) return utcFallback(`HubSpot names this portal's time zone "${timeZone}", which this computer does not know`);
  return { timeZone };
}

export async function savedPortalZone(state: ConnectionState): Promise<PortalZone | undefined> {
  const parsed = portalZoneSchema.safeParse((await state.get(PORTAL_ZONE_KEY))?.value);
  return parsed.success ? parsed.data : undefined;
}

export function savePortalZone(state: ConnectionState, zone: PortalZone): Promise<void> {
  return state.set(PORTAL_ZONE_KEY, zone);
}
