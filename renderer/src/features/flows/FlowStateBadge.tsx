// A flow's state in one word and colour; paused wins over idle so a disabled flow reads as paused.
import { Badge } from '@mantine/core';
import type { Flow } from '../../../../preload/contract/index.ts';

const colours: Record<Flow['state'], string> = { idle: 'gray', running: 'blue', paused: 'yellow', error: 'red' };

export function FlowStateBadge({ flow }: { flow: Pick<Flow, 'state' | 'enabled'> }) {
  const state = !flow.enabled && flow.state === 'idle' ? 'paused' : flow.state;
  return (
    <Badge color={colours[state]} variant="light" aria-label={`State: ${state}`} style={{ flexShrink: 0, minWidth: 'fit-content' }}>
      {state}
    </Badge>
  );
}
