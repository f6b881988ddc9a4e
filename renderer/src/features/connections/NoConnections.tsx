// The empty state of a fresh install: nothing to sync until an integration is set up.
import { IconPlug } from '../../app/icons.tsx';
import { SetupEmptyState } from '../../app/SetupEmptyState.tsx';

export function NoConnections() {
  return (
    <SetupEmptyState
      icon={<IconPlug size={28} />}
      title="No connections yet — Set up an integration"
      description="Connect your ERP (Sage 300, Sage 100, Sage Intacct, SAP Business One) and your CRM (HubSpot, Zoho CRM); the wizard tests each connection before saving it."
    />
  );
}
