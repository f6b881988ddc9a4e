// After a mapping is saved: a normal run only sends records that change in the source,
// so a mapping change would reach one record in a hundred. This offer counts what a full run would
// change with the new mapping (a full dry run: reads everything, writes nothing) and, when the admin
// confirms, starts that full run through the normal run — hash-skip keeps unchanged records free.
import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import { useEffect } from 'react';
import type { Flow } from '../../../../preload/contract/index.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { useSyncNow, type BlackoutQuestion } from '../blackouts/useSyncNow.tsx';
import { DryRunWaiting } from '../flows/DryRunWaiting.tsx';
import { useDryRunOutsideWindows } from '../flows/useDryRunOutsideWindows.ts';

// Inside the ERP's blackout window the full run is refused unless the admin confirms it (useSyncNow).
const APPLY_QUESTION: BlackoutQuestion = {
  title: 'Apply to all records during a blackout window?',
  confirm: 'Apply anyway',
  decline: 'Not now',
  consequence: (during) => `Apply anyway starts the full run now and calls ${during}, for this run only. Not now starts nothing: apply it once the window is over.`,
};

const records = (n: number) => `${n} ${n === 1 ? 'record' : 'records'}`;

export function ApplyToAllOffer({ flow, onClose }: { flow: Flow; onClose: () => void }) {
  // Counting reads every record of the ERP: once it is out of its blackout window, if it is in one.
  const count = useDryRunOutsideWindows(flow.id, { full: true, limit: 1 });
  const apply = useSyncNow((e) => notifyError(`Could not start a full run of ${flow.name}`, e), {
    question: APPLY_QUESTION,
    onSuccess: () => {
      notifySuccess('Applying the mapping to all records', `${flow.name}: a full run has started; the dashboard shows its progress.`);
      onClose();
    },
  });
  const { ask } = count;
  useEffect(() => ask(), [ask]);

  if (count.error) return <ErrorAlert error={count.error} title="Could not count what the new mapping changes" />;
  if (!count.report)
    return (
      <Alert color="blue" variant="light" aria-label="Apply to all records">
        {count.waiting ? (
          <DryRunWaiting waiting={count.waiting} then="the records the new mapping would change are counted then" />
        ) : (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Counting the records the new mapping would change (reading every record, writing nothing)…</Text>
          </Group>
        )}
      </Alert>
    );
  const { counts } = count.report;
  const changing = counts.update + counts.create;
  return (
    <Alert color={changing ? 'blue' : 'gray'} variant="light" aria-label="Apply to all records" withCloseButton onClose={onClose}>
      {changing === 0 ? (
        <Text size="sm">The new mapping changes none of the {records(counts.read)} in the source; nothing to apply.</Text>
      ) : (
        <Group justify="space-between">
          <Text size="sm">
            Runs send only records that change in the source. With the new mapping, <b>{records(changing)} would change</b>
            {counts.create ? ` (${counts.update} updated, ${counts.create} created)` : ''} of {counts.read} read; {counts.unchanged} stay as they are and cost nothing.
            {counts.fail ? ` ${records(counts.fail)} would fail.` : ''}
          </Text>
          <Button size="sm" loading={apply.pending} onClick={() => apply.sync({ flowIds: [flow.id], full: true })}>
            Apply to all records
          </Button>
          {apply.confirm}
        </Group>
      )}
    </Alert>
  );
}
