// Dry run of a flow (runs:dryRun): what a run would do, record by record — would create, would update
// (each field, current value → new value), unchanged, would fail (reason and hint) — writing nothing.
import { Badge, Button, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { DryRunItem, DryRunReport, Flow } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { notifyError } from '../../app/notify.ts';

const ACTION_LABEL: Record<DryRunItem['action'], { text: string; color: string }> = {
  create: { text: 'would create', color: 'green' },
  update: { text: 'would update', color: 'blue' },
  unchanged: { text: 'unchanged', color: 'gray' },
  skip: { text: 'skipped', color: 'gray' },
  fail: { text: 'would fail', color: 'red' },
};

/** A value as the admin reads it: text as is, nothing as an em dash, anything else as JSON. */
const shown = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

function ItemDetail({ item }: { item: DryRunItem }) {
  if (item.action === 'update')
    return (
      <Stack gap={0}>
        {item.changes.map((c) => (
          <Text key={c.field} size="xs">
            <Text span ff="monospace" size="xs">{c.field}</Text>: <Text span size="xs" c="red.8" td="line-through">{shown(c.from)}</Text> → <Text span size="xs" c="green.8">{shown(c.to)}</Text>
          </Text>
        ))}
      </Stack>
    );
  if (item.action === 'create') return <Text size="xs" c="dimmed">{Object.keys(item.properties ?? {}).length} fields</Text>;
  if (item.reason)
    return (
      <Stack gap={0}>
        <Text size="xs">{item.reason}</Text>
        {item.hint && <Text size="xs" c="dimmed">{item.hint}</Text>}
      </Stack>
    );
  return null;
}

function Report({ report }: { report: DryRunReport }) {
  const { counts } = report;
  const shownItems = report.items.filter((i) => i.action !== 'unchanged');
  return (
    <Stack gap="sm">
      <Group gap="xs" aria-label="Dry run summary">
        <Badge color="green" variant="light">would create {counts.create}</Badge>
        <Badge color="blue" variant="light">would update {counts.update}</Badge>
        <Badge color="gray" variant="light">unchanged {counts.unchanged}</Badge>
        <Badge color="red" variant="light">would fail {counts.fail}</Badge>
        {counts.skip > 0 && <Badge color="gray" variant="outline">skipped {counts.skip}</Badge>}
      </Group>
      <Text size="xs" c="dimmed">
        {counts.read} records read; nothing was written.{' '}
        {report.compared === 'live' ? `Compared with the destination's current values (${report.destinationCalls} batch ${report.destinationCalls === 1 ? 'read' : 'reads'}).` : 'Compared with our last write of each record (no call to the destination).'}
        {report.truncated ? ` Listing the first ${report.items.length}.` : ''}
      </Text>
      {shownItems.length > 0 && (
        <ScrollArea.Autosize mah={420}>
          <Table fz="sm" withTableBorder aria-label="Dry run records">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Record</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shownItems.map((i, n) => (
                <Table.Tr key={`${i.sourceId}-${n}`}>
                  <Table.Td>
                    {i.sourceLabel && i.sourceLabel !== i.sourceId ? `${i.sourceLabel} · ` : ''}
                    <b>{i.sourceId}</b>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={ACTION_LABEL[i.action].color}>{ACTION_LABEL[i.action].text}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <ItemDetail item={i} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}

export function DryRunButton({ flow }: { flow: Flow }) {
  const [report, setReport] = useState<DryRunReport | null>(null);
  const dryRun = useMutationCall('runs:dryRun', {
    onSuccess: (r) => setReport(r),
    onError: (e) => notifyError(`Could not dry-run ${flow.name}`, e),
  });
  return (
    <>
      <Button size="compact-sm" variant="subtle" loading={dryRun.isPending} onClick={() => dryRun.mutate({ flowId: flow.id })} aria-label={`Dry run ${flow.name}`} title="Read, map and compare without writing anything">
        Dry run
      </Button>
      <Modal opened={report !== null} onClose={() => setReport(null)} size="xl" title={`Dry run: ${flow.name}`}>
        {report && <Report report={report} />}
      </Modal>
    </>
  );
}
