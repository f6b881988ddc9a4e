// An address that matches no screen.
import { Button, EmptyState } from '@mantine/core';
import { Link } from 'react-router-dom';

export function NotFound() {
  return (
    <EmptyState title="There is no screen at this address" description="The link may be old." py="xl">
      <EmptyState.Actions>
        <Button component={Link} to="/">
          Go to the dashboard
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
