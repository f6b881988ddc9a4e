// An event written by a re-sync from a date says so in its drawer, with the date.
import { Table } from '@mantine/core';
import { useCall } from '../../api.ts';
import { formatDateTime } from '../../app/format.ts';

export function ResyncRunRow({ runId }: { runId: string | null }) {
  const run = useCall('runs:get', { id: runId ?? '' }, { enabled: runId !== null });
  if (run.data?.trigger !== 'resync' || !run.data.resyncFrom) return null;
  return (
    <Table.Tr>
      <Table.Th>Re-sync</Table.Th>
      <Table.Td>of everything changed since {formatDateTime(run.data.resyncFrom)}</Table.Td>
    </Table.Tr>
  );
}
