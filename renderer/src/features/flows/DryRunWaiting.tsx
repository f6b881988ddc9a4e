// What a dry run asked for inside a blackout window waits for: the flow's window as the Waiting panel
// names it, or — a window that opened since the flows were read — the service's refusal in its words.
import { Group, Loader, Text } from '@mantine/core';
import { WindowWaitNotice } from '../waits/WindowWaitNotice.tsx';
import type { DryRunOutsideWindows } from './useDryRunOutsideWindows.ts';

export function DryRunWaiting({ waiting, then }: { waiting: NonNullable<DryRunOutsideWindows['waiting']>; then: string }) {
  if ('wait' in waiting) return <WindowWaitNotice wait={waiting.wait} then={then} />;
  return (
    <Group gap="xs" wrap="nowrap" role="status" aria-label="Waiting for a blackout window">
      <Loader size="xs" color="yellow" />
      <Text size="sm">
        {waiting.message.replace(/: ml-connector does not call it then\.$/, '')} — {then}.
      </Text>
    </Group>
  );
}
