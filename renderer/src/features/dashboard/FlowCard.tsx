// One flow on the dashboard: state, last run, next run, live progress, Sync now and pause/resume.
import { Anchor, Button, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Flow, RunProgress } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { formatRelative, formatSchedule } from '../../app/format.ts';
import { notifyError } from '../../app/notify.ts';
import { FlowStateBadge } from '../flows/FlowStateBadge.tsx';
import { PauseResumeSwitch } from '../flows/PauseResumeSwitch.tsx';
import { LastRunSummary } from './LastRunSummary.tsx';
import { RunProgressBar } from './RunProgressBar.tsx';

function nextRunText(flow: Flow): string {
  if (!flow.enabled) return 'Paused';
  if (flow.schedule.kind === 'manual') return 'Manual only';
  return flow.nextRunAt ? formatRelative(flow.nextRunAt) : '—';
}

export function FlowCard({ flow, progress, route }: { flow: Flow; progress: RunProgress | undefined; route: string }) {
  const syncNow = useMutationCall('runs:syncNow', { onError: (e) => notifyError(`Could not start ${flow.name}`, e) });
  const running = flow.state === 'running' || progress !== undefined;
  return (
    <Card withBorder padding="md" component="article" aria-label={`Flow ${flow.name}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={0}>
            <Group gap="xs">
              <Text fw={600}>{flow.name}</Text>
              <FlowStateBadge flow={{ ...flow, state: running ? 'running' : flow.state }} />
            </Group>
            <Text size="xs" c="dimmed">
              {route}
            </Text>
          </Stack>
          <Group gap="sm" wrap="nowrap">
            <PauseResumeSwitch flow={flow} />
            <Button size="xs" onClick={() => syncNow.mutate({ flowIds: [flow.id] })} loading={syncNow.isPending} disabled={running} aria-label={`Sync ${flow.name} now`}>
              Sync now
            </Button>
          </Group>
        </Group>
        {running && <RunProgressBar progress={progress} flowName={flow.name} />}
        <Group align="flex-start" grow>
          <Stack gap={2}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Last run
            </Text>
            <LastRunSummary run={flow.lastRun} />
          </Stack>
          <Stack gap={2} maw={220}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Next run
            </Text>
            <Text size="sm">{nextRunText(flow)}</Text>
            <Text size="xs" c="dimmed">
              {formatSchedule(flow.schedule)}
            </Text>
          </Stack>
        </Group>
        <Group gap="md">
          <Anchor component={Link} to={`/audit?flow=${encodeURIComponent(flow.id)}`} size="xs">
            Audit log
          </Anchor>
          <Anchor component={Link} to={`/flows/${encodeURIComponent(flow.id)}/mapping`} size="xs">
            Field mapping
          </Anchor>
        </Group>
      </Stack>
    </Card>
  );
}
