// Shows whether live updates (the event stream) are connected.
import { Badge, Tooltip } from '@mantine/core';
import { useLiveState } from '../api.ts';

export function LiveBadge() {
  const state = useLiveState();
  if (state === 'live') {
    return (
      <Tooltip label="Progress and results update as they happen">
        <Badge variant="dot" color="teal" aria-label="Live updates connected">
          Live
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Tooltip label="The page still works; it refreshes when the connection is back">
      <Badge variant="dot" color="orange" aria-label="Live updates reconnecting">
        {state === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
      </Badge>
    </Tooltip>
  );
}
