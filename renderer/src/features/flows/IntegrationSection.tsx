// One integration's flows under a header that shows its health at a glance (last run, failures, next
// run) and folds away; whether it is folded is remembered per integration on this computer.
import { Anchor, Badge, Collapse, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { Link } from 'react-router-dom';
import { formatRelative } from '../../app/format.ts';
import type { IntegrationGroup } from './integrations.ts';

export function IntegrationSection({ group, children }: { group: IntegrationGroup; children: React.ReactNode }) {
  const [folded, setFolded] = useLocalStorage({ key: `mlc.integration.folded.${group.key}`, defaultValue: false });
  const { health } = group;
  const bodyId = `integration-${group.key}`;
  return (
    <Stack gap="xs" component="section" aria-label={`Integration ${group.label}`}>
      <Group justify="space-between" wrap="nowrap">
        <UnstyledButton onClick={() => setFolded(!folded)} aria-expanded={!folded} aria-controls={bodyId}>
          <Group gap="xs" wrap="nowrap">
            <Text aria-hidden fw={600} w={14}>
              {folded ? '▸' : '▾'}
            </Text>
            <Text fw={600} size="lg">
              {group.label}
            </Text>
            <Text size="sm" c="dimmed">
              {group.flows.length} flow{group.flows.length === 1 ? '' : 's'}
            </Text>
          </Group>
        </UnstyledButton>
        <Group gap="md" wrap="nowrap" role="group" aria-label={`Health of ${group.label}`}>
          {health.running > 0 && <Badge variant="light">{health.running} running</Badge>}
          {health.failed > 0 ? (
            <Anchor component={Link} to={`/audit?integration=${encodeURIComponent(group.key)}&action=failed&unresolved=1`} size="sm" c="red">
              {health.failed} failed in the last runs
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed">
              No failures in the last runs
            </Text>
          )}
          <Text size="sm" c="dimmed">
            Last run {formatRelative(health.lastRunAt)}
          </Text>
          <Text size="sm" c="dimmed">
            {health.paused === group.flows.length ? 'All paused' : `Next run ${health.nextRunAt ? formatRelative(health.nextRunAt) : '—'}`}
          </Text>
        </Group>
      </Group>
      <Collapse expanded={!folded} id={bodyId}>
        {children}
      </Collapse>
    </Stack>
  );
}
