// A running flow's live progress: bar (determinate when the source reports a total), records/s, ETA
// and a Cancel button. Before the first progress event it shows an indeterminate bar; before the first
// records arrive it says it is waiting for them rather than "0 records · 0 records/s".
import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import type { RunProgress } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { formatDuration, formatNumber } from '../../app/format.ts';
import { notifyError } from '../../app/notify.ts';

const phases: Record<RunProgress['phase'], string> = { reading: 'Reading', writing: 'Writing', associating: 'Linking associations', finishing: 'Finishing' };

export function etaOf(p: RunProgress): number | null {
  if (p.etaSeconds != null) return p.etaSeconds;
  if (p.total != null && p.recordsPerSecond > 0) return Math.max(0, (p.total - p.read) / p.recordsPerSecond);
  return null;
}

export function RunProgressBar({ progress, flowName }: { progress: RunProgress | undefined; flowName: string }) {
  const cancel = useMutationCall('runs:cancel', { onError: (e) => notifyError('Could not cancel the run', e) });
  if (!progress) {
    return (
      <Stack gap={4}>
        <Progress value={100} striped animated aria-label={`${flowName}: running`} />
        <Text size="xs" c="dimmed">
          Running…
        </Text>
      </Stack>
    );
  }
  const percent = progress.total ? Math.min(100, (progress.read / Math.max(1, progress.total)) * 100) : 100;
  const eta = etaOf(progress);
  return (
    <Stack gap={4}>
      <Progress
        value={percent}
        striped={!progress.total}
        animated
        aria-label={`${flowName}: progress`}
        aria-valuetext={progress.total ? `${Math.round(percent)}%` : `${progress.read} records read`}
      />
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" c="dimmed" aria-live="polite">
          {progress.phase === 'reading' && progress.read === 0 ? (
            'Reading · waiting for the first records from the source…'
          ) : (
            <>
              {phases[progress.phase]} · {formatNumber(progress.read)}
              {progress.total != null ? ` / ${formatNumber(progress.total)}` : ''} records · {formatNumber(Math.round(progress.recordsPerSecond))} records/s
              {eta != null ? ` · ETA ${formatDuration(eta)}` : ''}
              {progress.failed ? ` · ${formatNumber(progress.failed)} failed` : ''}
            </>
          )}
        </Text>
        <Button size="compact-xs" variant="subtle" color="red" loading={cancel.isPending} onClick={() => cancel.mutate({ runId: progress.runId })} aria-label={`Cancel the run of ${flowName}`}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}
