// Re-sync a flow from a date (runs:resync): pick the date, see how many records and calls
// it will take (runs:resyncEstimate, from the audit history) and confirm. It re-reads what changed since
// then and writes only what differs; the flow's cursor stays where it was.
import { Alert, Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { parseResyncFrom, type Flow } from '../../../../preload/contract/index.ts';
import { useCall, useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { formatNumber } from '../../app/format.ts';

function Estimate({ flow, from }: { flow: Flow; from: string }) {
  const estimate = useCall('runs:resyncEstimate', { flowId: flow.id, from }, { retry: false });
  if (estimate.isError) return <ErrorAlert error={estimate.error} title="No estimate for this date" />;
  const e = estimate.data;
  if (!e) return <Text size="sm" c="dimmed">Estimating…</Text>;
  return (
    <Alert variant="light" color="blue" title={`About ${formatNumber(e.records)} record${e.records === 1 ? '' : 's'}`} aria-label="Re-sync estimate">
      <Stack gap={4}>
        <Text size="sm">
          From {e.fromLocal} ({e.timeZone}){e.wholeDays ? ': the source compares dates only, so whole days are re-read' : ''}.
        </Text>
        <List size="sm" spacing={2}>
          <List.Item>{formatNumber(e.calls.sourceReads)} source read{e.calls.sourceReads === 1 ? '' : 's'}</List.Item>
          <List.Item>
            {e.compared === 'live' ? `${formatNumber(e.calls.destinationReads)} batch read${e.calls.destinationReads === 1 ? '' : 's'} of the destination's current values` : 'no destination reads (compared with our last write)'}
          </List.Item>
          <List.Item>at most {formatNumber(e.calls.destinationWritesAtMost)} write batch{e.calls.destinationWritesAtMost === 1 ? '' : 'es'} — only records that differ are written</List.Item>
        </List>
        <Text size="xs" c="dimmed">Estimated from the audit history: {e.basisNote}</Text>
      </Stack>
    </Alert>
  );
}

export function ResyncButton({ flow }: { flow: Flow }) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState('');
  const valid = parseResyncFrom(from) !== null;
  const close = () => {
    setOpen(false);
    setFrom('');
  };
  const resync = useMutationCall('runs:resync', {
    onSuccess: () => {
      notifySuccess(`${flow.name}: re-sync started`, `Re-reading what changed since ${from}; only what differs is written.`);
      close();
    },
    onError: (e) => notifyError(`Could not re-sync ${flow.name}`, e),
  });
  return (
    <>
      <Button size="compact-sm" variant="subtle" onClick={() => setOpen(true)} aria-label={`Re-sync ${flow.name} from a date`} title="Re-read what changed since a date and write what differs">
        Re-sync…
      </Button>
      <Modal opened={open} onClose={close} title={`Re-sync ${flow.name} from a date`}>
        <Stack gap="sm">
          <Text size="sm">
            Re-reads every {flow.sourceEntity} record changed since the date and writes only those that differ from {flow.destObject} in the destination. The flow’s cursor
            stays where it is: its regular runs go on as before.
          </Text>
          <TextInput
            label="Re-sync from"
            description={`A date (2026-12-01) or date and time (2026-12-01T08:30), in ${flow.sourceTimeZone ?? 'UTC'}`}
            placeholder="YYYY-MM-DD"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            error={from && !valid ? 'Not a date: use YYYY-MM-DD, or YYYY-MM-DDTHH:MM' : undefined}
          />
          {valid && <Estimate flow={flow} from={from.trim()} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button disabled={!valid} loading={resync.isPending} onClick={() => resync.mutate({ flowId: flow.id, from: from.trim() })}>
              Re-sync from {valid ? from.trim() : 'this date'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
