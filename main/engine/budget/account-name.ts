// The one name of a CRM account's API budget, wherever it is said: the dashboard's card, the schedule
// editor's estimate, the Waiting panel, the 80 % alert, a paused run's message, `ml-connector budget`
// and `status`. An account is named by what the admin knows it by — the connections they gave names to
// whose flows spend it — after what it is on the CRM's side: `HubSpot account "Portal"`,
// `Zoho CRM organisation "Zoho (EU)"`. (The connector's own label, 'This HubSpot account', cannot tell two
// portals apart and read differently on every screen.)
import { SYSTEMS } from '../../../connectors/systems.ts';
import type { Store } from '../../store/index.ts';

/** What one allowance belongs to on the CRM's side. */
const ACCOUNT_KINDS: Readonly<Record<string, string>> = { hubspot: 'HubSpot account', zoho: 'Zoho CRM organisation' };

export interface AccountConnection {
  id: string;
  name: string;
}

/** `HubSpot account "Portal"`; `HubSpot account "Portal", "Portal (EU)"`; `HubSpot account` when no flow of ours spent on it lately. */
export function budgetAccountName(system: string, connectionNames: readonly string[]): string {
  const kind = ACCOUNT_KINDS[system] ?? `${SYSTEMS.find((s) => s.id === system)?.label ?? system} account`;
  const names = [...new Set(connectionNames)];
  return names.length ? `${kind} ${names.map((n) => `"${n}"`).join(', ')}` : kind;
}

/** The connections of the account's system that these flows (those spending on it) use, by name. */
export function accountConnections(store: Pick<Store, 'flows' | 'connections'>, system: string, flowIds: Iterable<string>): AccountConnection[] {
  const out = new Map<string, AccountConnection>();
  for (const flowId of flowIds) {
    const flow = store.flows.get(flowId);
    if (!flow) continue;
    for (const id of [flow.sourceConnectionId, flow.destConnectionId]) {
      const conn = out.has(id) ? undefined : store.connections.get(id);
      if (conn?.system === system) out.set(id, { id, name: conn.name });
    }
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}
