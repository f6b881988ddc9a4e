// A waiting flow in one line under its state: `Waiting: Sage 300 blackout "Day End" until 23:30`,
// `Waiting: API budget of HubSpot account "Portal" spent until 00:00`.
import { Text } from '@mantine/core';
import { useFlowWaits } from './useFlowWaits.ts';
import { waitSentence } from './flowWaits.ts';

export function FlowWaitText({ flowId }: { flowId: string }) {
  const wait = useFlowWaits().get(flowId);
  if (!wait) return null;
  return (
    <Text size="xs" c="yellow.8" fw={500}>
      {waitSentence(wait)}
    </Text>
  );
}
