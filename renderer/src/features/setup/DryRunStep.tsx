// The wizard's last step: the flows exist but are paused and nothing has been written
// to either system. Each can be dry-run — its cost shown first — and its report browsed like a run's;
// "Start syncing" starts them (and a first run). Skipping the dry run is allowed; so is starting later.
// Inside a blackout window of the ERP each dry run says what it waits for and starts when it ends; no
// request waits in the service meanwhile (useDryRunOutsideWindows).
import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { dryRunsCostText, type DryRunEstimate, type Flow } from '../../../../preload/contract/index.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { DryRunCost, dryRunEstimateQuery } from '../flows/DryRunCost.tsx';
import { DryRunReport } from '../flows/DryRunReport.tsx';
import { DryRunWaiting } from '../flows/DryRunWaiting.tsx';
import { useDryRunOutsideWindows } from '../flows/useDryRunOutsideWindows.ts';
import { useWindowWaits } from '../waits/WindowWaitNotice.tsx';

interface Props {
  flows: Flow[];
  erpLabel: string;
  crmLabel: string;
  starting: boolean;
  startError: unknown;
  onStart: () => void;
  onLater: () => void;
}

/** One flow's dry run: asked for when its turn comes (`turn`), reported when answered (`onDone`). */
function FlowDryRun({ flow, turn, busy, onAsk, onDone, onCancel }: { flow: Flow; turn: boolean; busy: boolean; onAsk: () => void; onDone: () => void; onCancel: () => void }) {
  const dryRun = useDryRunOutsideWindows(flow.id, {}, onDone);
  const { ask, busy: running } = dryRun;
  useEffect(() => {
    // Asked once per turn: the answer takes the flow off the queue (onDone), which ends its turn.
    if (turn && !running) ask();
    // Only a new turn asks (`running` and `ask` change with the dry run itself).
  }, [turn]);
  const answered = !dryRun.busy && (dryRun.report || dryRun.error);
  return (
    <Paper withBorder p="sm" component="section" aria-label={`Dry run of ${flow.name}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={500}>{flow.name}</Text>
          {dryRun.waiting ? (
            // Waiting for a window that may last hours: the admin may rather start syncing, or leave.
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                dryRun.cancel();
                onCancel();
              }}
              aria-label={`Cancel the dry run of ${flow.name}`}
            >
              Cancel
            </Button>
          ) : (
            <Button size="xs" variant="light" loading={turn || dryRun.busy} disabled={busy && !turn} onClick={onAsk} aria-label={`Dry run ${flow.name}`}>
              {answered ? 'Dry run again' : 'Dry run'}
            </Button>
          )}
        </Group>
        {!answered && !dryRun.waiting && <DryRunCost flowId={flow.id} />}
        {dryRun.waiting && <DryRunWaiting waiting={dryRun.waiting} then="the dry run starts then" />}
        {answered && dryRun.report && <DryRunReport report={dryRun.report} />}
        {answered && dryRun.error && <ErrorAlert error={dryRun.error} title={`Could not dry-run ${flow.name}`} />}
      </Stack>
    </Paper>
  );
}

export function DryRunStep({ flows, erpLabel, crmLabel, starting, startError, onStart, onLater }: Props) {
  // The flows still to dry-run, one at a time in the integration's order (parents first), like the runs
  // that will follow; the first is the one running (or waiting for a window).
  const [queue, setQueue] = useState<string[]>([]);
  const busy = queue.length > 0;
  const done = useCallback((flowId: string) => setQueue((q) => q.filter((id) => id !== flowId)), []);
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
      {flows.map((flow) => (
        <FlowDryRun key={flow.id} flow={flow} turn={queue[0] === flow.id} busy={busy} onAsk={() => setQueue([flow.id])} onDone={() => done(flow.id)} onCancel={() => setQueue([])} />
      ))}
      {flows.length > 1 && allCost && (
        <Text size="sm" aria-label="Cost of all dry runs">
          {allCost}
        </Text>
      )}
      {startError ? <ErrorAlert error={startError} title="Could not start syncing" /> : null}
      <Group justify="space-between">
        <Group gap="xs">
          {flows.length > 1 && (
            <Button variant="light" loading={busy} onClick={() => setQueue(flows.map((f) => f.id))}>
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
