// The built-in connectors: the ONLY list of them. Everything else (the wizard's catalogue,
// `ml-connector sandbox <system>`, the demo, webhooks, CRM setup) derives from these manifests.
// Adding a connector: its folder, its id in connectors/systems.ts, one line here, one template.
import type { ConnectorManifest } from './kit/types.ts';
import { SYSTEMS, type SystemId } from './systems.ts';
import { hubspotManifest } from './hubspot/index.ts';
import { sage300Manifest } from './sage300/index.ts';
import { sage100Manifest } from './sage100/index.ts';
import { sapb1Manifest } from './sapb1/index.ts';
import { zohoManifest } from './zoho/index.ts';
import { intacctManifest } from './intacct/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each manifest is typed by its own config; callers parse config with its schema first
export type AnyManifest = ConnectorManifest<any>;

export const BUILT_IN_CONNECTORS: readonly AnyManifest[] = [
  sage300Manifest,
  sage100Manifest,
  sapb1Manifest,
  hubspotManifest,
  zohoManifest,
  intacctManifest,
];

export interface CatalogueEntry {
  id: SystemId;
  label: string;
  role: 'erp' | 'crm';
  /** Null while the connector is not built yet: the wizard shows the system as coming. */
  manifest: AnyManifest | null;
}

/** Every known system in catalogue order, with its manifest when this build ships one. */
export function catalogue(): CatalogueEntry[] {
  return SYSTEMS.map((s) => ({ id: s.id, label: s.label, role: s.role, manifest: manifestFor(s.id) }));
}

export function manifestFor(id: string): AnyManifest | null {
  return BUILT_IN_CONNECTORS.find((m) => m.id === id) ?? null;
}
