// Connections: every saved system connection, its stored secrets, certificate trust and last test,
// an ERP's blackout windows and a HubSpot portal's API day; test again or delete from here. Empty state
// leads to the setup wizard.
import { Badge, Button, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useCall } from '../../api.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryState } from '../../app/QueryState.tsx';
import { formatRelative } from '../../app/format.ts';
import { IconPlus } from '../../app/icons.tsx';
import { ConnectionActions } from './ConnectionActions.tsx';
import { NoConnections } from './NoConnections.tsx';
import { useSystems } from './useSystems.ts';
import { BlackoutStatusText } from '../blackouts/BlackoutStatusText.tsx';
import { ApiDayText } from './ApiDayText.tsx';

/** The web address a connection points at, whatever its system calls the setting (url, baseUrl, …). */
function addressOf(settings: Record<string, unknown>): string | undefined {
  return Object.values(settings).find((v): v is string => typeof v === 'string' && /^https?:\/\//i.test(v));
}

export function ConnectionsPage() {
  const connections = useCall('connections:list', {});
  const systems = useSystems();
  // The form's label without its note ("App client secret (webhooks, optional)" → "App client secret").
  const secretLabel = (system: string, name: string) => (systems.byId.get(system)?.fields.find((f) => f.name === name)?.label ?? name).replace(/\s*\(.*\)$/, '');
  // The zone each CRM account's API day is counted in (shown under its connections).
  const usage = useCall('budget:usage', {});
  return (
    <>
      <PageHeader
        title="Connections"
        description="The ERP and CRM accounts ml-connector signs in to. Passwords and tokens are stored encrypted and never shown again."
        actions={
          <Button component={Link} to="/setup" leftSection={<IconPlus />}>
            Set up an integration
          </Button>
        }
      />
      <QueryState query={connections} label="connections">
        {(list) =>
          list.length === 0 ? (
            <NoConnections />
          ) : (
            <Table striped highlightOnHover verticalSpacing="sm" aria-label="Connections">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>System</Table.Th>
                  <Table.Th>Secrets</Table.Th>
                  <Table.Th>Certificate</Table.Th>
                  <Table.Th>Last test</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Text fw={500}>{c.name}</Text>
                      {addressOf(c.settings) && (
                        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                          {addressOf(c.settings)}
                        </Text>
                      )}
                      {c.warnings.length > 0 && (
                        <Tooltip label={c.warnings.join(' ')} multiline w={320}>
                          <Badge color="yellow" variant="light" size="sm" tt="none">
                            plain HTTP (allowed)
                          </Badge>
                        </Tooltip>
                      )}
                      <BlackoutStatusText connection={c} />
                      <ApiDayText connection={c} usage={usage.data} />
                    </Table.Td>
                    <Table.Td>{systems.label(c.system)}</Table.Td>
                    <Table.Td style={{ minWidth: 130 }}>
                      {/* Text that wraps, by the form's label: badges cut "accessToken" to "acce…" in a narrow column. */}
                      <Stack gap={2}>
                        {c.secretsSet.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            none
                          </Text>
                        ) : (
                          c.secretsSet.map((s) => (
                            <Text key={s} size="xs" title="Stored encrypted; never shown again">
                              {secretLabel(c.system, s)}: stored
                            </Text>
                          ))
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {c.tls.fingerprint256 ? (
                        <Tooltip label={c.tls.fingerprint256}>
                          <Badge variant="light" size="sm">
                            pinned
                          </Badge>
                        </Tooltip>
                      ) : c.tls.hasCustomCa ? (
                        <Badge variant="light" size="sm">
                          custom CA
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          system CAs
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {c.lastCheck ? (
                        <Stack gap={0}>
                          <Badge color={c.lastCheck.ok ? 'teal' : 'red'} variant="light" size="sm">
                            {c.lastCheck.ok ? 'passed' : 'failed'}
                          </Badge>
                          <Text size="xs" c="dimmed">
                            {formatRelative(c.lastCheck.checkedAt)}
                          </Text>
                        </Stack>
                      ) : (
                        <Text size="sm" c="dimmed">
                          never
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <ConnectionActions connection={c} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </>
  );
}
