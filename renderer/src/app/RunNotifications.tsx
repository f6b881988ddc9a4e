// A toast when a run ends with failures (or fails, or is cancelled), wherever the admin is in the app.
// Clean runs are not announced: the dashboard shows them, and seven flows finishing would flood the screen.
import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import type { AppEvent, Run } from '../../../preload/contract/index.ts';
import { useAppEvent, useCall } from '../api.ts';

export function RunNotifications() {
  const flows = useCall('flows:list', {});
  const data = flows.data;
  const onEvent = useCallback(
    (event: AppEvent) => {
      if (event.name !== 'run:finished') return;
      const run = event.payload as Run;
      if (run.status === 'succeeded' && run.counts.failed === 0) return;
      const name = data?.find((f) => f.id === run.flowId)?.name ?? 'A flow';
      const c = run.counts;
      const colour = run.status === 'succeeded' ? 'teal' : run.status === 'partial' || run.status === 'paused' ? 'yellow' : run.status === 'cancelled' ? 'gray' : 'red';
      // A pause (API budget, blackout window) is no failure: the dashboard's Waiting panel says until when,
      // on the admin's clock (the service's hint carries the instant in UTC).
      const detail = run.status === 'paused' ? ' It resumes by itself from where it stopped; the dashboard says when, under Waiting.' : run.error?.hint ? ` ${run.error.hint}` : '';
      notifications.show({
        color: colour,
        title: `${name}: run ${run.status}`,
        message: run.error ? `${run.error.message}${detail}` : `${c.created} created · ${c.updated} updated · ${c.unchanged} unchanged · ${c.failed} failed`,
        autoClose: 12_000,
      });
    },
    [data],
  );
  useAppEvent(onEvent);
  return null;
}
