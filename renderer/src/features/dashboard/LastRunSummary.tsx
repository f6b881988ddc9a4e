// A flow's last run in one block: when (a link to its audit events), how it ended, and what it did to how many records.
import { Anchor, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Run } from '../../../../preload/contract/index.ts';
import { formatDateTime, formatNumber, formatRelative } from '../../app/format.ts';

const statusColour: Record<Run['status'], string> = { queued: 'gray', running: 'blue', succeeded: 'teal', partial: 'yellow', failed: 'red', paused: 'yellow', cancelled: 'gray' };

export function RunStatusBadge({ status }: { status: Run['status'] }) {
  return (
    <Badge size="sm" variant="light" color={statusColour[status]}>
      {status}
    </Badge>
  );
}

export function LastRunSummary({ run }: { run: Run | null }) {
  if (!run) {
    return (
      <Text size="sm" c="dimmed">
        Never run
      </Text>
    );
  }
  const c = run.counts;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        {/* When, as a link to what the run did record by record (the audit log filtered on it). */}
        <Tooltip label={formatDateTime(run.finishedAt ?? run.startedAt, true)}>
          <Anchor component={Link} to={`/audit?run=${encodeURIComponent(run.id)}`} size="sm" aria-label={`Events of the last run (${formatRelative(run.finishedAt ?? run.startedAt)})`}>
            {formatRelative(run.finishedAt ?? run.startedAt)}
          </Anchor>
        </Tooltip>
        <RunStatusBadge status={run.status} />
        <Text size="xs" c="dimmed">
          {run.trigger}
          {run.resyncFrom ? ` from ${formatDateTime(run.resyncFrom)}` : ''}
        </Text>
      </Group>
      <Group gap="md">
        <Count label="created" value={c.created} />
        <Count label="updated" value={c.updated} />
        <Count label="unchanged" value={c.unchanged} />
        {c.failed > 0 ? (
          <Anchor component={Link} to={`/audit?flow=${encodeURIComponent(run.flowId)}&action=failed`} size="sm" c="red" fw={600}>
            {formatNumber(c.failed)} failed
          </Anchor>
        ) : (
          <Count label="failed" value={0} />
        )}
        {c.waiting > 0 && <Count label="waiting" value={c.waiting} />}
      </Group>
      {run.error && (
        <Text size="sm" c="red">
          {run.error.message}
          {run.error.hint ? ` ${run.error.hint}` : ''}
        </Text>
      )}
    </Stack>
  );
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <Text size="sm">
      <Text span fw={600}>
        {formatNumber(value)}
      </Text>{' '}
      <Text span c="dimmed">
        {label}
      </Text>
    </Text>
  );
}
