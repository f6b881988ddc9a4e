// Dry run of a flow from the Flows page: the dialog says what it will cost first, then, once started,
// shows what a run would do record by record — writing nothing (DryRunReport). Inside a blackout window
// of the flow's ERP it says so and starts the dry run when the window ends (Cancel: nothing is sent).
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { DryRunReport as DryRunReportData, Flow } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { notifyError } from '../../app/notify.ts';
import { DryRunCost } from './DryRunCost.tsx';
import { DryRunReport } from './DryRunReport.tsx';
import { WindowWaitNotice, useWindowWait } from '../waits/WindowWaitNotice.tsx';

export function DryRunButton({ flow }: { flow: Flow }) {
  const [open, setOpen] = useState(false);
  const [report, setReport] = useState<DryRunReportData | null>(null);
  // Asked for inside a window: starts when the window is over.
  const [queued, setQueued] = useState(false);
  const wait = useWindowWait(flow.id);
  const dryRun = useMutationCall('runs:dryRun', {
    invalidates: [],
    onSuccess: (r) => setReport(r),
    onError: (e) => notifyError(`Could not dry-run ${flow.name}`, e),
  });
  const { mutate } = dryRun;
  useEffect(() => {
    if (!queued || wait !== null) return;
    setQueued(false);
    mutate({ flowId: flow.id });
  }, [queued, wait, mutate, flow.id]);
  const close = () => {
    setOpen(false);
    setQueued(false);
    setReport(null);
  };
  return (
    <>
      <Button size="compact-sm" variant="subtle" onClick={() => setOpen(true)} aria-label={`Dry run ${flow.name}`} title="Read, map and compare without writing anything">
        Dry run
      </Button>
      <Modal opened={open} onClose={close} size="xl" title={`Dry run: ${flow.name}`}>
        {report ? (
          <DryRunReport report={report} />
        ) : (
          <Stack gap="sm">
            <Text size="sm">Reads the records a run would read, maps them and compares them with the destination, writing nothing to either system.</Text>
            {queued && wait ? <WindowWaitNotice wait={wait} then="the dry run starts then" /> : <DryRunCost flowId={flow.id} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button loading={dryRun.isPending || queued} onClick={() => setQueued(true)}>
                Start dry run
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
