// Zoho CRM editions as the sandbox models them (spec §6.1 credits, §6.2 concurrency, §4.7 modules).
import type { Switches } from './switches.ts';

export const EDITIONS = ['free', 'standard', 'professional', 'enterprise', 'ultimate'] as const;
export type Edition = (typeof EDITIONS)[number];

const PER_LICENCE: Record<Edition, number> = { free: 0, standard: 250, professional: 500, enterprise: 1000, ultimate: 2000 };
const CEILING: Record<Edition, number> = { free: 5000, standard: 100_000, professional: 3_000_000, enterprise: 5_000_000, ultimate: Number.MAX_SAFE_INTEGER };
const CONCURRENCY: Record<Edition, number> = { free: 5, standard: 10, professional: 15, enterprise: 20, ultimate: 25 };

/** Modules every edition has. */
const BASE_MODULES = ['Leads', 'Accounts', 'Contacts', 'Deals', 'Products', 'Tasks', 'Events', 'Calls', 'Notes'];
/** The inventory modules (Vendors, Price_Books, Quotes, Sales_Orders, Purchase_Orders, Invoices) need a paid edition. */
export const INVENTORY_MODULES = ['Vendors', 'Price_Books', 'Quotes', 'Sales_Orders', 'Purchase_Orders', 'Invoices'];

export function parseEdition(tier: string | undefined): Edition {
  const t = (tier ?? 'professional').toLowerCase();
  if (!(EDITIONS as readonly string[]).includes(t)) throw new Error(`Unknown Zoho CRM edition "${tier}". Use ${EDITIONS.join(', ')}.`);
  return t as Edition;
}

export function dailyCredits(edition: Edition, switches: Switches): number {
  if (switches.credits > 0) return switches.credits;
  if (edition === 'free') return 5000;
  return Math.min(CEILING[edition], 50_000 + PER_LICENCE[edition] * switches.licences);
}

export function concurrencyLimit(edition: Edition, switches: Switches): number {
  return switches.concurrency > 0 ? switches.concurrency : CONCURRENCY[edition];
}

export function hasModule(edition: Edition, switches: Switches, module: string): boolean {
  if (BASE_MODULES.includes(module)) return true;
  if (!INVENTORY_MODULES.includes(module)) return false;
  if (edition === 'free') return false;
  if (edition === 'standard') return switches.inventoryFrom === 'standard';
  return true;
}
