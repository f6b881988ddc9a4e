// The wizard's last step: the flows exist but are paused and nothing has been written
// to either system. Each can be dry-run — its cost shown first — and its report browsed like a run's;
// "Start syncing" starts them (and a first run). Skipping the dry run is allowed; so is starting later.
import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { dryRunsCostText, type DryRunEstimate, type DryRunReport as DryRunReportData, type Flow } from '../../../../preload/contract/index.ts';
import { callOrThrow } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { DryRunCost, dryRunEstimateQuery } from '../flows/DryRunCost.tsx';
import { DryRunReport } from '../flows/DryRunReport.tsx';
import { WindowWaitNotice, useWindowWaits } from '../waits/WindowWaitNotice.tsx';

interface Props {
  flows: Flow[];
  erpLabel: string;
  crmLabel: string;
  starting: boolean;
  startError: unknown;
  onStart: () => void;
  onLater: () => void;
}

type Outcome = { report: DryRunReportData } | { error: unknown };

export function DryRunStep({ flows, erpLabel, crmLabel, starting, startError, onStart, onLater }: Props) {
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [running, setRunning] = useState<Set<string>>(new Set());

  // One at a time, in the integration's order (parents first), like the runs that will follow.
  const dryRun = async (list: Flow[]) => {
    setRunning(new Set(list.map((f) => f.id)));
    for (const flow of list) {
      let outcome: Outcome;
      try {
        outcome = { report: await callOrThrow('runs:dryRun', { flowId: flow.id }) };
      } catch (error) {
        outcome = { error };
      }
      setOutcomes((o) => ({ ...o, [flow.id]: outcome }));
      setRunning((r) => new Set([...r].filter((id) => id !== flow.id)));
    }
  };
  const busy = running.size > 0;
  // The same queries as each flow's DryRunCost (shared, not fetched twice), summed for "Dry run all".
  // Not while a flow's ERP is in a blackout window: each DryRunCost says what it waits for instead.
  const windowWait = useWindowWaits();
  const estimates = useQueries({ queries: flows.map((f) => ({ ...dryRunEstimateQuery(f.id), enabled: windowWait(f.id) === null })) });
  const known = estimates.flatMap((q) => (q.data ? [q.data as DryRunEstimate] : []));
  const allCost = known.length === flows.length ? dryRunsCostText(known) : null;

  return (
    <Stack gap="md">
      <Alert color="blue" variant="light" title="Created, paused" role="status">
        <Text size="sm">
          Nothing has been written to {erpLabel} or {crmLabel} yet. Try the flows first: a dry run reads {erpLabel} as a run would, maps the records and compares them with {crmLabel}, without writing anything. Then start
          syncing — or skip the dry run and start now.
        </Text>
      </Alert>
      {flows.map((flow) => {
        const outcome = outcomes[flow.id];
        return (
          <Paper key={flow.id} withBorder p="sm" component="section" aria-label={`Dry run of ${flow.name}`}>
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap">
                <Text fw={500}>{flow.name}</Text>
                <Button size="xs" variant="light" loading={running.has(flow.id)} disabled={busy && !running.has(flow.id)} onClick={() => void dryRun([flow])} aria-label={`Dry run ${flow.name}`}>
                  {outcome ? 'Dry run again' : 'Dry run'}
                </Button>
              </Group>
              {!outcome && <DryRunCost flowId={flow.id} />}
              {running.has(flow.id) && windowWait(flow.id) && <WindowWaitNotice wait={windowWait(flow.id)!} then="the dry run starts then" />}
              {outcome && 'report' in outcome && <DryRunReport report={outcome.report} />}
              {outcome && 'error' in outcome && <ErrorAlert error={outcome.error} title={`Could not dry-run ${flow.name}`} />}
            </Stack>
          </Paper>
        );
      })}
      {flows.length > 1 && allCost && (
        <Text size="sm" aria-label="Cost of all dry runs">
          {allCost}
        </Text>
      )}
      {startError ? <ErrorAlert error={startError} title="Could not start syncing" /> : null}
      <Group justify="space-between">
        <Group gap="xs">
          {flows.length > 1 && (
            <Button variant="light" loading={busy} onClick={() => void dryRun(flows)}>
              Dry run all
            </Button>
          )}
          <Button variant="subtle" onClick={onLater} disabled={starting}>
            Start later
          </Button>
        </Group>
        <Button onClick={onStart} loading={starting} disabled={busy}>
          Start syncing
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        Start later leaves the flows paused; resume them on the Flows page when you are ready.
      </Text>
    </Stack>
  );
}
