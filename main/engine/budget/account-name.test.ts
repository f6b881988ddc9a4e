import { describe, expect, it } from 'vitest';
import { budgetAccountName } from './account-name.ts';

describe('budgetAccountName', () => {
  it('names the account by its kind and the connections spending it', () => {
    expect(budgetAccountName('hubspot', ['Portal'])).toBe('HubSpot account "Portal"');
    expect(budgetAccountName('zoho', ['Zoho (EU)'])).toBe('Zoho CRM organisation "Zoho (EU)"');
    expect(budgetAccountName('hubspot', ['Portal', 'Portal (EU)', 'Portal'])).toBe('HubSpot account "Portal", "Portal (EU)"');
  });

  it('says what it is when no flow of ours spent on it lately', () => {
    expect(budgetAccountName('hubspot', [])).toBe('HubSpot account');
    expect(budgetAccountName('sapb1', [])).toBe('SAP Business One account');
  });
});
