// What every flow waits for now, from the queries the screens already keep fresh (flows, connections,
// budget usage: run and connection events refresh them).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { invalidateDomains, useCall } from '../../api.ts';
import { flowWaits, type FlowWait } from './flowWaits.ts';

export function useFlowWaits(): ReadonlyMap<string, FlowWait> {
  const flows = useCall('flows:list', {});
  const connections = useCall('connections:list', {});
  const usage = useCall('budget:usage', {});
  return useMemo(() => flowWaits(flows.data ?? [], connections.data, usage.data), [flows.data, connections.data, usage.data]);
}

/**
 * Once per page that shows waits: reads flows and budgets again when the first wait is over, so a window
 * that ends while no run is due (no event says so) does not stay on screen.
 */
export function useRefreshWhenWaitsEnd(): void {
  const waits = useFlowWaits();
  const client = useQueryClient();
  const firstEnd = Math.min(...[...waits.values()].map((w) => Date.parse(w.until)));
  useEffect(() => {
    if (!Number.isFinite(firstEnd)) return;
    // setTimeout holds at most ~24.8 days; a longer wait is read again then, and waits again.
    const timer = setTimeout(() => void invalidateDomains(client, ['flows', 'budget']), Math.min(Math.max(firstEnd - Date.now(), 0) + 1000, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [client, firstEnd]);
}
