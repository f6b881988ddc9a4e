// Zoho products by Product_Code (the Sage 300 item number): deal lines name their product by id and the
// ERP needs its code; invoice lines from the ERP carry a code and Zoho needs the product's id.
import type { ZohoClient } from './client.ts';
import { listPage } from './records.ts';

export interface ProductCodes {
  codeOf: Map<string, string>;
  idOf: Map<string, string>;
}

/** Every product's id and code, read once per source or destination (a few pages at most). */
export async function productCodes(client: ZohoClient, signal?: AbortSignal): Promise<ProductCodes> {
  const codeOf = new Map<string, string>();
  const idOf = new Map<string, string>();
  let page = 1;
  let token: string | null = null;
  for (;;) {
    const res = await listPage(client, 'Products', { fields: ['Product_Code'], ...(token ? { pageToken: token } : { page }), ...(signal && { signal }) });
    for (const r of res.records) {
      if (typeof r.Product_Code !== 'string' || !r.Product_Code) continue;
      codeOf.set(String(r.id), r.Product_Code);
      // Codes are matched as Sage stores item numbers: trimmed, upper-case.
      idOf.set(r.Product_Code.trim().toUpperCase(), String(r.id));
    }
    if (!res.more) return { codeOf, idOf };
    token = res.nextPageToken;
    page = res.page + 1;
  }
}
