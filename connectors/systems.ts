// Every system ml-connector knows, built or coming. Dependency-free on purpose: the contract's
// `systemIdSchema` (and so the renderer's bundle) derives from this list without pulling connector code.
// A new system adds its line here and its manifest in connectors/index.ts; a system listed here without
// a manifest shows in the wizard as "coming".

export const SYSTEMS = [
  { id: 'sage300', label: 'Sage 300', role: 'erp' },
  { id: 'sage100', label: 'Sage 100', role: 'erp' },
  { id: 'intacct', label: 'Sage Intacct', role: 'erp' },
  { id: 'sapb1', label: 'SAP Business One', role: 'erp' },
  { id: 'hubspot', label: 'HubSpot', role: 'crm' },
  { id: 'zoho', label: 'Zoho CRM', role: 'crm' },
] as const satisfies readonly { id: string; label: string; role: 'erp' | 'crm' }[];

export type SystemId = (typeof SYSTEMS)[number]['id'];
export type SystemRole = 'erp' | 'crm';

/** The ids as a non-empty tuple, the shape `z.enum` needs. */
export const SYSTEM_IDS = SYSTEMS.map((s) => s.id) as [SystemId, ...SystemId[]];
