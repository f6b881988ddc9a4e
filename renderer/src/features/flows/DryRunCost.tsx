// What a dry run will cost, shown before it starts (runs:dryRunEstimate): its calls to each system and
// what is left of the CRM account's allowance.
import { Loader, Group, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { dryRunCostText, type DryRunEstimate } from '../../../../preload/contract/index.ts';
import { callOrThrow, invalidateDomains, type ApiCallError } from '../../api.ts';
import { WindowWaitNotice, useWindowWait } from '../waits/WindowWaitNotice.tsx';
import { DryRunWaiting } from './DryRunWaiting.tsx';
import { refusedUntil } from './useDryRunOutsideWindows.ts';

/**
 * The estimate for one flow. Kept out of the `runs:` query keys on purpose: run events refresh those,
 * and each estimate may count the source's records (calls). Fetched again each time it is shown.
 */
export function dryRunEstimateQuery(flowId: string, full = false) {
  return {
    queryKey: ['dry-run-estimate', flowId, full],
    queryFn: () => callOrThrow('runs:dryRunEstimate', { flowId, full }),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  } as const;
}

export function useDryRunEstimate(flowId: string, full = false) {
  // Counting lists the source's keys: not while its ERP is in a blackout window (the service refuses it).
  const wait = useWindowWait(flowId);
  const estimate = useQuery<DryRunEstimate, ApiCallError>({ ...dryRunEstimateQuery(flowId, full), enabled: wait === null });
  // Refused for a window that opened since the flows were read: read them again (the screen then names
  // the window) and ask again when it is over.
  const client = useQueryClient();
  const until = refusedUntil(estimate.error);
  const { refetch } = estimate;
  useEffect(() => {
    if (until === null) return;
    void invalidateDomains(client, ['flows']);
    const timer = setTimeout(() => void refetch(), Math.min(Math.max(until - Date.now(), 0) + 1000, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [until, client, refetch]);
  return { wait, estimate, refused: until !== null };
}

export function DryRunCost({ flowId, full = false }: { flowId: string; full?: boolean }) {
  const { wait, estimate, refused } = useDryRunEstimate(flowId, full);
  if (wait) return <WindowWaitNotice wait={wait} then="the records are counted and the cost shown then" />;
  if (refused && estimate.error) return <DryRunWaiting waiting={{ message: estimate.error.message }} then="the records are counted and the cost shown then" />;
  if (estimate.isPending)
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          Counting the records to estimate the cost…
        </Text>
      </Group>
    );
  if (estimate.isError)
    return (
      <Text size="sm" c="red">
        Could not estimate the cost: {estimate.error.message}
        {estimate.error.hint ? ` ${estimate.error.hint}` : ''}
      </Text>
    );
  return (
    <Text size="sm" aria-label="Dry run cost">
      {dryRunCostText(estimate.data)}
    </Text>
  );
}
