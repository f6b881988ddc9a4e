// A dry run's report (runs:dryRun): would create, would update (each field, current value → new value),
// unchanged, would fail (reason and hint). Shown by the Flows page's dialog and the setup wizard's last step.
import { Badge, Group, ScrollArea, Stack, Table, Text } from '@mantine/core';
import type { DryRunItem, DryRunReport as DryRunReportData } from '../../../../preload/contract/index.ts';

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

/** A dry run's result, browsable like a run: the counts, then each record that would change or fail. */
export function DryRunReport({ report }: { report: DryRunReportData }) {
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
        {counts.read} {counts.read === 1 ? 'record' : 'records'} read in {report.sourceCalls} {report.sourceCalls === 1 ? 'call' : 'calls'}; nothing was written.{' '}
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
