// What a dry run (or the count before Apply to all) is doing while the flow's ERP is in a blackout
// window: the engine would hold its calls until the window ends, so "loading" alone would look stuck —
// `Waiting for Sage 300 blackout "Day End" until 23:30 — the dry run starts then.` The screens ask the
// service only once the window is over (useWindowWait): a request held for hours would also take one of
// the browser's few connections to the service.
import { Group, Loader, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { invalidateDomains, useCall } from '../../api.ts';
import { blackoutWait, type FlowWait } from './flowWaits.ts';

/** The blackout window each flow's calls wait for now, by flow id: null when none, undefined until known. */
export function useWindowWaits(): (flowId: string) => FlowWait | null | undefined {
  const flows = useCall('flows:list', {});
  const connections = useCall('connections:list', {});
  return (flowId) => {
    if (!flows.data || !connections.data) return undefined;
    const flow = flows.data.find((f) => f.id === flowId);
    return flow ? blackoutWait(flow, connections.data) : null;
  };
}

/**
 * The blackout window the flow's calls wait for now: null when none, undefined until known. Flows are
 * read again when it ends, so what waited for it goes ahead then.
 */
export function useWindowWait(flowId: string): FlowWait | null | undefined {
  const wait = useWindowWaits()(flowId);
  const client = useQueryClient();
  const until = wait ? Date.parse(wait.until) : null;
  useEffect(() => {
    if (until === null) return;
    const timer = setTimeout(() => void invalidateDomains(client, ['flows']), Math.min(Math.max(until - Date.now(), 0) + 1000, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [client, until]);
  return wait;
}

export function WindowWaitNotice({ wait, then }: { wait: FlowWait; then: string }) {
  return (
    <Group gap="xs" wrap="nowrap" role="status" aria-label="Waiting for a blackout window">
      <Loader size="xs" color="yellow" />
      <Text size="sm">
        Waiting for {wait.what} until {wait.untilText} — {then}.
      </Text>
    </Group>
  );
}
