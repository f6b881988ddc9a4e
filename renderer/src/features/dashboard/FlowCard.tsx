// One flow on the dashboard, as a full-width row: name and route with its state; last run; next run;
// pause/resume and Sync now; the live progress bar under it while a run is going.
import { Anchor, Button, Card, Grid, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Flow, RunProgress } from '../../../../preload/contract/index.ts';
import { formatRelative, formatSchedule } from '../../app/format.ts';
import { notifyError } from '../../app/notify.ts';
import { FlowStateBadge } from '../flows/FlowStateBadge.tsx';
import { PauseResumeSwitch } from '../flows/PauseResumeSwitch.tsx';
import { LastRunSummary } from './LastRunSummary.tsx';
import { RunProgressBar } from './RunProgressBar.tsx';
import { useSyncNow } from '../blackouts/useSyncNow.tsx';
import { FlowWaitText } from '../waits/FlowWaitText.tsx';

function nextRunText(flow: Flow): string {
  if (!flow.enabled) return 'Paused';
  if (flow.schedule.kind === 'manual') return 'Manual only';
  return flow.nextRunAt ? formatRelative(flow.nextRunAt) : '—';
}

function Label({ children }: { children: string }) {
  return (
    <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
      {children}
    </Text>
  );
}

export function FlowCard({ flow, progress, route }: { flow: Flow; progress: RunProgress | undefined; route: string }) {
  const syncNow = useSyncNow((e) => notifyError(`Could not start ${flow.name}`, e));
  const running = flow.state === 'running' || progress !== undefined;
  return (
    <Card withBorder padding="sm" component="article" aria-label={`Flow ${flow.name}`}>
      <Grid columns={24} gap="md" align="flex-start">
        <Grid.Col span={7}>
          <Stack gap={4}>
            <Text fw={600}>{flow.name}</Text>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <FlowStateBadge flow={{ ...flow, state: running ? 'running' : flow.state }} />
              <Text size="xs" c="dimmed">
                {route}
              </Text>
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
        </Grid.Col>
        <Grid.Col span={9}>
          <Label>Last run</Label>
          <LastRunSummary run={flow.lastRun} />
        </Grid.Col>
        <Grid.Col span={3}>
          <Label>Next run</Label>
          <Text size="sm">{nextRunText(flow)}</Text>
          <Text size="xs" c="dimmed">
            {formatSchedule(flow.schedule)}
          </Text>
          <FlowWaitText flowId={flow.id} />
        </Grid.Col>
        <Grid.Col span={5}>
          <Stack gap="xs" align="flex-end">
            <Button size="xs" onClick={() => syncNow.sync({ flowIds: [flow.id] })} loading={syncNow.pending} disabled={running} aria-label={`Sync ${flow.name} now`}>
              Sync now
            </Button>
            {syncNow.confirm}
            <PauseResumeSwitch flow={flow} />
          </Stack>
        </Grid.Col>
      </Grid>
      {running && (
        <Stack mt="xs">
          <RunProgressBar progress={progress} flowName={flow.name} />
        </Stack>
      )}
    </Card>
  );
}
