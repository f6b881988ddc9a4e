// The org's edition and its API credits per rolling 24 hours (spec §6.1), learned from `GET /org`
// (license_details) when the admin has not entered the figure from Zoho's API dashboard. The formula
// gives the edition's base (add-on credits are not visible through the API), so it errs on the safe side.
import { z } from 'zod';

const PER_LICENCE: Record<string, number> = { standard: 250, starter: 250, professional: 500, enterprise: 1000, zohoone: 1000, ultimate: 2000, crmplus: 2000 };
const CEILING: Record<string, number> = { standard: 100_000, starter: 100_000, professional: 3_000_000, enterprise: 5_000_000, zohoone: 5_000_000 };
export const FREE_CREDITS = 5000;

export const orgSchema = z.object({
  org: z.array(z.looseObject({ license_details: z.looseObject({ paid: z.boolean().optional(), paid_type: z.string().nullish(), users_license_purchased: z.number().nullish() }).optional() })).min(1),
});

export interface Edition {
  /** Zoho's paid_type, lower-case without spaces (`enterprise`), or `free`. */
  edition: string;
  licences: number;
  creditsPerDay: number;
}

export function editionOf(body: unknown): Edition {
  const details = orgSchema.parse(body).org[0]?.license_details;
  const edition = details?.paid === false || !details?.paid_type ? 'free' : details.paid_type.toLowerCase().replace(/[\s_-]+/g, '');
  const licences = Math.max(1, details?.users_license_purchased ?? 1);
  const perLicence = PER_LICENCE[edition];
  // An edition this table does not know gets the smallest paid allowance.
  const credits = edition === 'free' ? FREE_CREDITS : Math.min(CEILING[edition] ?? Number.MAX_SAFE_INTEGER, 50_000 + (perLicence ?? 0) * licences);
  return { edition, licences, creditsPerDay: credits };
}
