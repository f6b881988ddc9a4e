// Record failures nobody has resolved yet, counted over every flow, with the way to the filtered audit
// log. It stays until they are resolved (replayed or fixed), so it cannot be dismissed.
import { Alert, Anchor, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useCall } from '../../api.ts';
import { IconAlert } from '../../app/icons.tsx';

export function UnresolvedFailuresAlert() {
  const count = useCall('audit:count', { unresolvedOnly: true });
  const n = count.data?.count ?? 0;
  if (n === 0) return null;
  const shown = `${count.data?.capped ? 'More than ' : ''}${n.toLocaleString()}`;
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} mb="lg" role="region" title={`${shown} record ${n === 1 ? 'failure is' : 'failures are'} not resolved`}>
      <Text size="sm">
        Each says what went wrong and where to fix it.{' '}
        <Anchor component={Link} to="/audit?unresolved=1" size="sm" fw={600}>
          Open the unresolved failures in the audit log
        </Anchor>
        , fix the cause, then replay them.
      </Text>
    </Alert>
  );
}
