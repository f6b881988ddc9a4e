// Which connectors this build ships. Systems whose connector is not built yet are listed as
// "coming" (the wizard shows them, disabled) rather than hidden.
import type { ConnectorManifest, SystemId } from '../../connectors/kit/types.ts';

export interface SystemEntry {
  id: SystemId;
  label: string;
  role: 'erp' | 'crm';
  manifest: ConnectorManifest<unknown> | null;
}

const manifests: Partial<Record<SystemId, ConnectorManifest<unknown>>> = {};

const catalogue: Omit<SystemEntry, 'manifest'>[] = [
  { id: 'sage300', label: 'Sage 300', role: 'erp' },
  { id: 'sage100', label: 'Sage 100', role: 'erp' },
  { id: 'intacct', label: 'Sage Intacct', role: 'erp' },
  { id: 'sapb1', label: 'SAP Business One', role: 'erp' },
  { id: 'hubspot', label: 'HubSpot', role: 'crm' },
  { id: 'zoho', label: 'Zoho CRM', role: 'crm' },
];

export function registerManifest(manifest: ConnectorManifest<unknown>): void {
  manifests[manifest.id] = manifest;
}

export function systems(): SystemEntry[] {
  return catalogue.map((c) => ({ ...c, manifest: manifests[c.id] ?? null }));
}

export function manifestFor(id: string): ConnectorManifest<unknown> | null {
  return manifests[id as SystemId] ?? null;
}
