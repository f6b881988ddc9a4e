// A deal names its account only as `{name, id}`; turning a won deal into an ERP order needs the
// account's own fields (its external id tells whether it is an ERP customer already; its name, phone
// and address make the new customer). They are read in one call per 100 accounts of a page and put on
// the deal as `Account`, so a mapping reads `Account.External_Id`, `Account.Phone`, …
import type { ZohoClient } from './client.ts';
import { WRITE_MAX, listPage } from './records.ts';

/** The account fields a deal carries (plus the connection's external-id field). */
export const DEAL_ACCOUNT_FIELDS = ['Account_Name', 'Account_Number', 'Phone', 'Website', 'Billing_Street', 'Billing_City', 'Billing_State', 'Billing_Code', 'Billing_Country'];

const accountIdOf = (deal: Record<string, unknown>): string | null => {
  const a = deal.Account_Name as { id?: unknown } | null | undefined;
  return a && (typeof a.id === 'string' || typeof a.id === 'number') ? String(a.id) : null;
};

export async function withAccounts(client: ZohoClient, deals: Record<string, unknown>[], externalIdField: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
  const ids = [...new Set(deals.map(accountIdOf).filter((x): x is string => x !== null))];
  const byId = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < ids.length; i += WRITE_MAX) {
    const chunk = ids.slice(i, i + WRITE_MAX);
    const page = await listPage(client, 'Accounts', { fields: [...DEAL_ACCOUNT_FIELDS, externalIdField], ids: chunk, perPage: chunk.length, ...(signal && { signal }) });
    for (const r of page.records) byId.set(String(r.id), r);
  }
  return deals.map((d) => {
    const id = accountIdOf(d);
    return { ...d, Account: id ? (byId.get(id) ?? null) : null };
  });
}
