// "Start syncing" at the end of the wizard: resumes the flows it created paused, then starts their
// first run (they follow their schedules from then on). Inside an ERP's blackout window it asks first
// (useSyncNow): Start anyway forces the first runs; Wait leaves the flows on, their scheduled runs
// starting when the window ends.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { Flow } from '../../../../preload/contract/index.ts';
import { callOrThrow, invalidateDomains, type ApiCallError } from '../../api.ts';
import { useSyncNow, type BlackoutQuestion } from '../blackouts/useSyncNow.tsx';

const START_QUESTION: BlackoutQuestion = {
  title: 'Start syncing during a blackout window?',
  confirm: 'Start anyway',
  decline: 'Wait',
  consequence: (during) => `Start anyway starts the first runs now and calls ${during}, for these runs only. Wait: the flows are on, and their scheduled runs start by themselves when the window ends.`,
};

/** started: the first runs are under way; waiting: the flows are on, held by a blackout window. */
export type StartOutcome = 'started' | 'waiting';

export function useStartSyncing(onDone: (outcome: StartOutcome) => void): { start: (flows: Flow[]) => void; pending: boolean; error: ApiCallError | null; outcome: StartOutcome | null; confirm: ReactNode } {
  const client = useQueryClient();
  const [outcome, setOutcome] = useState<StartOutcome | null>(null);
  const [syncError, setSyncError] = useState<ApiCallError | null>(null);
  const finish = (o: StartOutcome) => {
    setOutcome(o);
    onDone(o);
  };
  const sync = useSyncNow(setSyncError, { question: START_QUESTION, onSuccess: () => finish('started'), onDecline: () => finish('waiting') });
  const enable = useMutation<void, ApiCallError, Flow[]>({
    mutationFn: async (flows) => {
      try {
        for (const flow of flows) await callOrThrow('flows:setEnabled', { id: flow.id, enabled: true });
      } finally {
        await invalidateDomains(client, ['flows', 'runs']);
      }
    },
  });
  return {
    start: (flows) => {
      setSyncError(null);
      enable.mutate(flows, { onSuccess: () => sync.sync({ flowIds: flows.map((f) => f.id) }) });
    },
    pending: enable.isPending || sync.pending,
    error: enable.error ?? syncError,
    outcome,
    confirm: sync.confirm,
  };
}
