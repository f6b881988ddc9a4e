// Dry run of a flow from the Flows page: the dialog says what it will cost first, then, once started,
// shows what a run would do record by record — writing nothing (DryRunReport). Inside a blackout window
// of the flow's ERP it says so and starts the dry run when the window ends (Cancel: nothing is sent).
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Flow } from '../../../../preload/contract/index.ts';
import { notifyError } from '../../app/notify.ts';
import { DryRunCost } from './DryRunCost.tsx';
import { DryRunReport } from './DryRunReport.tsx';
import { DryRunWaiting } from './DryRunWaiting.tsx';
import { useDryRunOutsideWindows } from './useDryRunOutsideWindows.ts';

export function DryRunButton({ flow }: { flow: Flow }) {
  const [open, setOpen] = useState(false);
  const dryRun = useDryRunOutsideWindows(flow.id);
  const { error, cancel } = dryRun;
  useEffect(() => {
    if (error) notifyError(`Could not dry-run ${flow.name}`, error);
  }, [error, flow.name]);
  const close = () => {
    setOpen(false);
    cancel();
  };
  const report = open && !dryRun.busy ? dryRun.report : undefined;
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
            {dryRun.waiting ? <DryRunWaiting waiting={dryRun.waiting} then="the dry run starts then" /> : <DryRunCost flowId={flow.id} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button loading={dryRun.busy} onClick={dryRun.ask}>
                Start dry run
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
