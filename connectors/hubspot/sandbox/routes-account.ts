// GET /account-info/v3/details: the portal's id, currency and time zone — the zone whose midnight resets
// the portal's daily API limit (the client learns it here).
import { dayZoneOf } from './limits.ts';
import type { Route } from './route-types.ts';
import { utcOffsetMinutes } from '../../kit/time-zone.ts';

/** account-info's offset fields: the zone's offset from UTC now (as HubSpot's examples show, -04:00 for US/Eastern in summer). */
function utcOffsetOf(timeZone: string, now: number): { utcOffset: string; utcOffsetMilliseconds: number } {
  const minutes = utcOffsetMinutes(new Date(now), dayZoneOf(timeZone));
  const abs = Math.abs(minutes);
  return { utcOffset: `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`, utcOffsetMilliseconds: minutes * 60_000 };
}

export const accountRoutes: Route[] = [
  {
    method: 'GET',
    path: '/account-info/v3/details',
    bucket: 'burst',
    handler: (ctx) => {
      const timeZone = ctx.env.switches.portalTimeZone;
      return { status: 200, body: { portalId: ctx.env.portalId, accountType: 'STANDARD', timeZone, companyCurrency: 'USD', additionalCurrencies: [], ...utcOffsetOf(timeZone, ctx.now), uiDomain: 'app.hubspot.com', dataHostingLocation: 'na1' } };
    },
  },
];
