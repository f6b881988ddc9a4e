// The empty state of a fresh install: nothing to sync until an integration is set up.
import { Button, EmptyState } from '@mantine/core';
import { Link } from 'react-router-dom';
import { IconPlug } from '../../app/icons.tsx';

export function NoConnections() {
  return (
    <EmptyState
      withIndicatorBackground
      icon={<IconPlug size={28} />}
      title="No connections yet — Set up an integration"
      description="Connect your ERP (Sage 300, Sage 100, Sage Intacct, SAP Business One) and your CRM (HubSpot, Zoho CRM); the wizard tests each connection before saving it."
      py="xl"
    >
      <EmptyState.Actions>
        <Button component={Link} to="/setup">
          Set up an integration
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
