// Flows, grouped by integration: what is synced from where to where, on which schedule (changed here);
// pause/resume, delete, the way into each flow's field mapping and audit trail, and template updates.
import { Anchor, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useCall } from '../../api.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryState } from '../../app/QueryState.tsx';
import { IconFlow } from '../../app/icons.tsx';
import { FlowStateBadge } from './FlowStateBadge.tsx';
import { PauseResumeSwitch } from './PauseResumeSwitch.tsx';
import { ReconcileButton } from './ReconcileButton.tsx';
import { DryRunButton } from './DryRunButton.tsx';
import { ResyncButton } from './ResyncButton.tsx';
import { CursorSummary } from './CursorSummary.tsx';
import { ScheduleEditor } from './ScheduleEditor.tsx';
import { DeleteFlowButton } from './DeleteFlowButton.tsx';
import { useConnectionNames } from './useConnectionNames.ts';
import { groupByIntegration } from './integrations.ts';
import { IntegrationSection } from './IntegrationSection.tsx';
import { SetupEmptyState } from '../../app/SetupEmptyState.tsx';
import { TemplateUpgradeBanner } from './TemplateUpgradeBanner.tsx';
import { FlowWaitText } from '../waits/FlowWaitText.tsx';
import { useRefreshWhenWaitsEnd } from '../waits/useFlowWaits.ts';

export function FlowsPage() {
  const flows = useCall('flows:list', {});
  const connectionName = useConnectionNames();
  useRefreshWhenWaitsEnd();
  return (
    <>
      <PageHeader title="Flows" description="Each flow copies one kind of record from one system to the other, on its schedule." />
      <TemplateUpgradeBanner />
      <QueryState query={flows} label="flows">
        {(list) =>
          list.length === 0 ? (
            <SetupEmptyState
              icon={<IconFlow size={28} />}
              title="No flows yet"
              description="Flows are created by the setup wizard from an integration's template (customers, contacts, invoices…)."
            />
          ) : (
            <Stack gap="lg">
              {groupByIntegration(list, connectionName).map((group) => (
                <IntegrationSection key={group.key} group={group}>
                <Table striped highlightOnHover verticalSpacing="sm" aria-label={`Flows of ${group.label}`}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Flow</Table.Th>
                      <Table.Th>From → to</Table.Th>
                      <Table.Th>Schedule</Table.Th>
                      <Table.Th>State</Table.Th>
                      <Table.Th>
                        <VisuallyHidden>Links</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {group.flows.map((f) => (
                      <Table.Tr key={f.id}>
                        <Table.Td>
                          <Text fw={500}>{f.name}</Text>
                        </Table.Td>
                        <Table.Td style={{ minWidth: 200 }}>
                          <Text size="sm">
                            {connectionName(f.sourceConnectionId)} · {f.sourceEntity} → {connectionName(f.destConnectionId)} · {f.destObject}
                          </Text>
                          {/* The source's time zone is said once, by the cursor: the zone its time is read in. */}
                          <CursorSummary flow={f} />
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <ScheduleEditor flow={f} />
                        </Table.Td>
                        {/* State and its switch in one column: the page fits 1024 px without scrolling sideways. */}
                        <Table.Td style={{ minWidth: 120 }}>
                          <Stack gap={6} align="flex-start">
                            <FlowStateBadge flow={f} />
                            <FlowWaitText flowId={f.id} />
                            <PauseResumeSwitch flow={f} />
                          </Stack>
                        </Table.Td>
                        <Table.Td>
                          {/* Short rows rather than one long one: six actions in a row pushed the table past 1280 px. */}
                          <Group gap="xs" justify="flex-end" wrap="wrap" maw={190} ml="auto" style={{ whiteSpace: 'nowrap', columnGap: 'var(--mantine-spacing-md)' }}>
                            <Anchor component={Link} to={`/flows/${encodeURIComponent(f.id)}/mapping`} size="sm" aria-label={`Edit mapping of ${f.name}`}>
                              Mapping
                            </Anchor>
                            <Anchor component={Link} to={`/audit?flow=${encodeURIComponent(f.id)}`} size="sm" aria-label={`Audit log of ${f.name}`}>
                              Audit log
                            </Anchor>
                            <DryRunButton flow={f} />
                            <ResyncButton flow={f} />
                            <ReconcileButton flow={f} />
                            <DeleteFlowButton flow={f} />
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                </IntegrationSection>
              ))}
            </Stack>
          )
        }
      </QueryState>
    </>
  );
}
