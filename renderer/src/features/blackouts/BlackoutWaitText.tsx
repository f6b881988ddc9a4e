// A flow held back by a blackout window, in one line: `Waiting: Sage 300 blackout "Day End" until 23:30`.
import { Text } from '@mantine/core';
import type { Flow } from '../../../../preload/contract/index.ts';
import { useCall } from '../../api.ts';
import { waitText } from './format.ts';

export function BlackoutWaitText({ flow }: { flow: Flow }) {
  const connections = useCall('connections:list', {});
  if (!flow.waitingFor) return null;
  return (
    <Text size="xs" c="yellow.8" fw={500}>
      {waitText(flow.waitingFor, connections.data)}
    </Text>
  );
}
