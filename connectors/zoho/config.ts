// A Zoho CRM connection's settings. Secrets (client secret, refresh token) are separate (manifest).
import { z } from 'zod';
import { DATA_CENTRES, DATA_CENTRE_IDS, apiHosts } from './datacentres.ts';

export const ZOHO_MODULES = ['Accounts', 'Contacts', 'Vendors', 'Deals', 'Products', 'Sales_Orders', 'Invoices'] as const;
export type ZohoModule = (typeof ZOHO_MODULES)[number];

export const zohoConfigSchema = z.object({
  dataCentre: z.enum(DATA_CENTRE_IDS).default('US').meta({
    title: 'Data centre',
    description: 'Where your Zoho account lives — the address you sign in at: zoho.com → US, zoho.eu → EU, zoho.in → IN, zoho.com.au → AU, zoho.jp → JP, zohocloud.ca → CA, zoho.sa → SA, zoho.com.cn → CN. The client, its refresh token and the API all belong to that one.',
  }),
  /** Accounts server origin when not the DC's (a local sandbox). */
  accountsUrl: z.string().url().optional().meta({ title: 'Accounts server address', description: 'Only for a local sandbox or a proxy: the Zoho accounts server to sign in at.' }),
  /** An API origin the token answer may name besides the DC's hosts (a local sandbox). */
  apiDomain: z.string().url().optional().meta({ title: 'API address', description: 'Only for a local sandbox or a proxy: an API address the sign-in may name besides the data centre’s.' }),
  clientId: z.string().min(1).meta({ title: 'Client ID', description: 'api-console.zoho.<your data centre> › Add Client › Self Client › Client ID.' }),
  /** The custom unique field that carries our keys on every synced module. */
  externalIdField: z.string().min(1).default('External_Id').meta({ title: 'External ID field', description: 'The custom unique field that carries ml-connector’s keys on every synced module.' }),
  /** Modules the flows use: check() says which this edition lacks. */
  modules: z.array(z.enum(ZOHO_MODULES)).default(['Accounts', 'Contacts', 'Deals', 'Products', 'Invoices']),
  /** The Deals subform listing what a deal sells (its order lines). */
  dealLinesField: z.string().default('Deal_Products').meta({ title: 'Deal lines subform', description: 'The Deals subform that lists what a deal sells (its order lines).' }),
  /**
   * After the external id, an upsert also matches an existing record by these fields, in order (Zoho's
   * `duplicate_check_fields`, §4.5). Accounts by name: an ERP customer made from a Zoho account (a won
   * deal's) finds that account and gives it its key instead of creating a twin.
   */
  matchAlsoBy: z.record(z.string(), z.array(z.string())).default({ Accounts: ['Account_Name'] }),
  /** Fields read per module (default: every field the fields API lists, up to Zoho's 50). */
  sourceFields: z.record(z.string(), z.array(z.string())).default({}),
  /**
   * API credits per rolling 24 h of the org (Setup › Developer Hub › APIs › API dashboard). Left empty,
   * it is learned from the org's edition and licences (Free 5,000; Standard/Professional/Enterprise
   * 50,000 + 250/500/1,000 per licence). A 5 % reserve is never spent, so other apps keep working.
   */
  creditsPerDay: z.number().int().min(100).optional().meta({ title: 'API credits per day', description: 'From Setup › Developer Hub › APIs › API dashboard. Empty: learned from your edition and licences (add-on credits are not counted).' }),
  /** Concurrent calls (Zoho's Free edition allows 5; higher editions more). */
  concurrency: z.number().int().min(1).max(25).default(5).meta({ title: 'Concurrent calls', description: 'Calls at the same time (Zoho Free allows 5; higher editions more).' }),
  /**
   * The public address Zoho posts change notifications to (this connection's /webhooks/zoho/<id>, behind
   * your proxy or tunnel). With it and a notification token the connector keeps a channel open there.
   */
  webhookUrl: z.string().url().optional().meta({ title: 'Notification address', description: 'Optional: the public address Zoho posts change notifications to (this connection’s /webhooks/zoho/<id>, behind your proxy or tunnel).' }),
  timeouts: z.object({ connectMs: z.number().int().positive().optional(), readMs: z.number().int().positive().optional() }).optional(),
});
export type ZohoConfig = z.infer<typeof zohoConfigSchema>;

export function accountsOrigin(config: ZohoConfig): string {
  return (config.accountsUrl ?? DATA_CENTRES[config.dataCentre].accounts).replace(/\/+$/, '');
}

/**
 * Where secrets may go: the accounts server and a configured API domain (each its exact origin: scheme,
 * host and port), and the DC's API hosts a token answer may name (https only).
 */
export function zohoAllowedHosts(config: ZohoConfig): string[] {
  return [...new Set([new URL(accountsOrigin(config)).origin, ...apiHosts(config.dataCentre), ...(config.apiDomain ? [new URL(config.apiDomain).origin] : [])])];
}
