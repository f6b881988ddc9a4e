// Dashboard: on a fresh install, the way into the setup wizard; otherwise every flow at a glance.
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useCall } from '../../api.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryState } from '../../app/QueryState.tsx';
import { NoConnections } from '../connections/NoConnections.tsx';
import { useSystems } from '../connections/useSystems.ts';
import { FlowStateBadge } from '../flows/FlowStateBadge.tsx';

export function DashboardPage() {
  const connections = useCall('connections:list', {});
  const flows = useCall('flows:list', {});
  const systems = useSystems();
  return (
    <>
      <PageHeader title="Dashboard" description="What is connected, what runs, and what needs your attention." />
      <QueryState query={connections} label="connections">
        {(conns) =>
          conns.length === 0 ? (
            <NoConnections />
          ) : (
            <Stack gap="xl">
              <section aria-labelledby="dash-connections">
                <Title order={3} size="h4" id="dash-connections" mb="sm">
                  Connections
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                  {conns.map((c) => (
                    <Card key={c.id} withBorder padding="sm">
                      <Group justify="space-between">
                        <Text fw={500}>{c.name}</Text>
                        {c.lastCheck && (
                          <Badge size="sm" variant="light" color={c.lastCheck.ok ? 'teal' : 'red'}>
                            {c.lastCheck.ok ? 'test passed' : 'test failed'}
                          </Badge>
                        )}
                      </Group>
                      <Text size="sm" c="dimmed">
                        {systems.label(c.system)}
                      </Text>
                    </Card>
                  ))}
                </SimpleGrid>
              </section>
              <section aria-labelledby="dash-flows">
                <Title order={3} size="h4" id="dash-flows" mb="sm">
                  Flows
                </Title>
                <QueryState query={flows} label="flows">
                  {(list) =>
                    list.length === 0 ? (
                      <Text c="dimmed">
                        No flows yet.{' '}
                        <Button component={Link} to="/setup" variant="subtle" size="compact-sm">
                          Set up an integration
                        </Button>
                      </Text>
                    ) : (
                      <Stack gap="xs">
                        {list.map((f) => (
                          <Card key={f.id} withBorder padding="sm">
                            <Group justify="space-between">
                              <Text fw={500}>{f.name}</Text>
                              <FlowStateBadge flow={f} />
                            </Group>
                          </Card>
                        ))}
                      </Stack>
                    )
                  }
                </QueryState>
              </section>
            </Stack>
          )
        }
      </QueryState>
    </>
  );
}
