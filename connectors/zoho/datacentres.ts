// Zoho's data centres (spec §1): one account lives in one DC, and its tokens, API domain and accounts
// server all belong to it. Canada's accounts server is zohocloud.ca, not zoho.ca.
export const DATA_CENTRES = {
  US: { accounts: 'https://accounts.zoho.com', api: 'https://www.zohoapis.com', tld: 'com' },
  EU: { accounts: 'https://accounts.zoho.eu', api: 'https://www.zohoapis.eu', tld: 'eu' },
  IN: { accounts: 'https://accounts.zoho.in', api: 'https://www.zohoapis.in', tld: 'in' },
  AU: { accounts: 'https://accounts.zoho.com.au', api: 'https://www.zohoapis.com.au', tld: 'com.au' },
  JP: { accounts: 'https://accounts.zoho.jp', api: 'https://www.zohoapis.jp', tld: 'jp' },
  CA: { accounts: 'https://accounts.zohocloud.ca', api: 'https://www.zohoapis.ca', tld: 'ca' },
  SA: { accounts: 'https://accounts.zoho.sa', api: 'https://www.zohoapis.sa', tld: 'sa' },
  CN: { accounts: 'https://accounts.zoho.com.cn', api: 'https://www.zohoapis.com.cn', tld: 'com.cn' },
} as const;

export type DataCentre = keyof typeof DATA_CENTRES;
export const DATA_CENTRE_IDS = Object.keys(DATA_CENTRES) as [DataCentre, ...DataCentre[]];

/** The API hosts a DC's token answers may name: production, sandbox and developer orgs (§1). */
export function apiHosts(dc: DataCentre): string[] {
  const tld = DATA_CENTRES[dc].tld;
  return [`www.zohoapis.${tld}`, `sandbox.zohoapis.${tld}`, `developer.zohoapis.${tld}`];
}
