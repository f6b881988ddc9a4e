// Dashboard: alerts that need the admin, each CRM account's API budget today, every flow (grouped by integration) with its state, last and next run, live progress
// and Sync now; a chart of records per run. A fresh install shows the way into the setup wizard.
import { Button, Stack } from '@mantine/core';
import { useCall, useRunProgress } from '../../api.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryState } from '../../app/QueryState.tsx';
import { notifyError } from '../../app/notify.ts';
import { IconFlow } from '../../app/icons.tsx';
import { NoConnections } from '../connections/NoConnections.tsx';
import { useConnectionNames } from '../flows/useConnectionNames.ts';
import { groupByIntegration } from '../flows/integrations.ts';
import { IntegrationSection } from '../flows/IntegrationSection.tsx';
import { AlertBanners } from './AlertBanners.tsx';
import { UnresolvedFailuresAlert } from './UnresolvedFailuresAlert.tsx';
import { FlowCard } from './FlowCard.tsx';
import { PendingDeletions } from './PendingDeletions.tsx';
import { RunsChart } from './RunsChart.tsx';
import { BudgetPanel } from './BudgetPanel.tsx';
import { SetupEmptyState } from '../../app/SetupEmptyState.tsx';
import { WaitingPanel } from '../waits/WaitingPanel.tsx';
import { useSyncNow } from '../blackouts/useSyncNow.tsx';

export function DashboardPage() {
  const connections = useCall('connections:list', {});
  const flows = useCall('flows:list', {});
  const progress = useRunProgress();
  const connectionName = useConnectionNames();
  const syncAll = useSyncNow((e) => notifyError('Could not start the runs', e));
  const hasFlows = (flows.data?.length ?? 0) > 0;
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="What runs, how it went, and what needs your attention."
        actions={
          hasFlows && (
            <>
              <Button variant="light" onClick={() => syncAll.sync({})} loading={syncAll.pending}>
                Sync all now
              </Button>
              {syncAll.confirm}
            </>
          )
        }
      />
      <WaitingPanel flows={flows.data ?? []} />
      <AlertBanners />
      <UnresolvedFailuresAlert />
      <QueryState query={connections} label="connections">
        {(conns) =>
          conns.length === 0 ? (
            <NoConnections />
          ) : (
            <QueryState query={flows} label="flows">
              {(list) =>
                list.length === 0 ? (
                  <SetupEmptyState icon={<IconFlow size={28} />} title="No flows yet" description="Your connections are saved; create the flows of an integration to start syncing." />
                ) : (
                  <Stack gap="lg">
                    <PendingDeletions flows={list} />
                    <BudgetPanel />
                    {groupByIntegration(list, connectionName).map((group) => (
                      <IntegrationSection key={group.key} group={group}>
                        <Stack gap="xs">
                          {group.flows.map((f) => (
                            <FlowCard
                              key={f.id}
                              flow={f}
                              progress={progress.get(f.id)}
                              route={`${connectionName(f.sourceConnectionId)} · ${f.sourceEntity} → ${connectionName(f.destConnectionId)} · ${f.destObject}`}
                            />
                          ))}
                        </Stack>
                      </IntegrationSection>
                    ))}
                    <RunsChart flows={list} />
                  </Stack>
                )
              }
            </QueryState>
          )
        }
      </QueryState>
    </>
  );
}
