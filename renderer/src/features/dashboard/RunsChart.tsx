// Records per run over time, stacked by outcome, for one flow or all of them.
import { BarChart } from '@mantine/charts';
import { Checkbox, Group, Paper, Select, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Flow } from '../../../../preload/contract/index.ts';
import { useCall } from '../../api.ts';
import { formatDateTime } from '../../app/format.ts';
import { formatShortDateTime } from '../../../../preload/contract/time-text.ts';

export function RunsChart({ flows }: { flows: Flow[] }) {
  const [flowId, setFlowId] = useState<string | null>(null);
  const [withUnchanged, setWithUnchanged] = useState(false);
  const runs = useCall('runs:list', { limit: 60, ...(flowId ? { flowId } : {}) });
  const names = useMemo(() => new Map(flows.map((f) => [f.id, f.name])), [flows]);

  const data = useMemo(
    () =>
      [...(runs.data ?? [])]
        .filter((r) => r.status !== 'queued' && r.status !== 'running')
        .reverse()
        .map((r) => ({
          run: `${formatShortDateTime(r.startedAt)}${flowId ? '' : ` · ${names.get(r.flowId) ?? ''}`}`,
          when: formatDateTime(r.startedAt, true),
          created: r.counts.created,
          updated: r.counts.updated,
          unchanged: r.counts.unchanged,
          failed: r.counts.failed,
        })),
    [runs.data, flowId, names],
  );

  const series = [
    { name: 'created', color: 'teal.6', label: 'Created' },
    { name: 'updated', color: 'blue.6', label: 'Updated' },
    ...(withUnchanged ? [{ name: 'unchanged', color: 'gray.5', label: 'Unchanged' }] : []),
    { name: 'failed', color: 'red.6', label: 'Failed' },
  ];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="runs-chart-title">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5" id="runs-chart-title">
          Records per run
        </Title>
        <Group gap="sm">
          <Checkbox label="Show unchanged" checked={withUnchanged} onChange={(e) => setWithUnchanged(e.currentTarget.checked)} size="xs" />
          <Select
            aria-label="Flow shown in the chart"
            size="xs"
            w={220}
            data={[{ value: '', label: 'All flows' }, ...flows.map((f) => ({ value: f.id, label: f.name }))]}
            value={flowId ?? ''}
            onChange={(v) => setFlowId(v || null)}
            allowDeselect={false}
          />
        </Group>
      </Group>
      {data.length === 0 ? (
        <Text size="sm" c="dimmed" py="lg" ta="center">
          No finished runs yet.
        </Text>
      ) : (
        <BarChart h={240} data={data} dataKey="run" type="stacked" series={series} withLegend tickLine="y" xAxisProps={{ tick: false }} valueFormatter={(v) => v.toLocaleString()} />
      )}
    </Paper>
  );
}
