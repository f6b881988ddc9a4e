// Which day a CRM connection's daily API limit is counted in. HubSpot's resets at midnight in the
// portal's time zone, which ml-connector learns from HubSpot (on Test connection and on the first call)
// and keeps for the portal; when HubSpot gives none it can use, the day is UTC's and a note says why.
import type { BudgetUsageView, Connection } from '../../../../preload/contract/index.ts';

/** Systems whose API allowance is a calendar day's (Zoho's credits roll over 24 hours: no zone to show). */
const DAILY_ALLOWANCE_SYSTEMS: ReadonlySet<string> = new Set(['hubspot']);

export type ApiDay =
  | {
      known: true;
      timeZone: string;
      /** Why the zone is UTC in place of the portal's, else null. */
      note: string | null;
      /** The account's one name (budgetAccountSchema.label) once its budget is counted, else null. */
      account: string | null;
    }
  | { known: false };

const text = (v: unknown) => (typeof v === 'string' && v ? v : null);

/**
 * The connection's API day: the zone its account's budget counts in now (budget:usage, once a flow of
 * the connection has spent on it), else the one its last test learned; null for systems without one.
 */
export function apiDayOf(connection: Connection, usage: BudgetUsageView | undefined): ApiDay | null {
  if (!DAILY_ALLOWANCE_SYSTEMS.has(connection.system)) return null;
  const account = usage?.accounts.find((a) => a.window.kind === 'daily' && a.connections.some((c) => c.id === connection.id));
  if (account?.window.timeZone) return { known: true, timeZone: account.window.timeZone, note: account.window.note, account: account.label };
  const learned = connection.lastCheck?.learned;
  const zone = text(learned?.['timeZone']);
  if (zone) return { known: true, timeZone: zone, note: text(learned?.['timeZoneNote']), account: null };
  return { known: false };
}
