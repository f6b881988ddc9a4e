// "Start syncing" at the end of the wizard: resumes the flows it created paused, then queues their
// first run (they follow their schedules from then on).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Flow } from '../../../../preload/contract/index.ts';
import { callOrThrow, invalidateDomains, type ApiCallError } from '../../api.ts';

export function useStartSyncing() {
  const client = useQueryClient();
  return useMutation<void, ApiCallError, Flow[]>({
    mutationFn: async (flows) => {
      try {
        for (const flow of flows) await callOrThrow('flows:setEnabled', { id: flow.id, enabled: true });
        await callOrThrow('runs:syncNow', { flowIds: flows.map((f) => f.id) });
      } finally {
        await invalidateDomains(client, ['flows', 'runs']);
      }
    },
  });
}
