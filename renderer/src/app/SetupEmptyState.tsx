// The empty states that all lead to the same place: the setup wizard.
import type { ReactNode } from 'react';
import { Button, EmptyState } from '@mantine/core';
import { Link } from 'react-router-dom';

export function SetupEmptyState({ icon, title, description }: { icon: ReactNode; title: string; description: string }) {
  return (
    <EmptyState withIndicatorBackground icon={icon} title={title} description={description} py="xl">
      <EmptyState.Actions>
        <Button component={Link} to="/setup">
          Set up an integration
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
