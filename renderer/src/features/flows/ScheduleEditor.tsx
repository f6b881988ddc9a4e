// A flow's schedule after setup: shown as text, changed in a small dialog with the wizard's schedule input
// and, before saving, what the new schedule would spend of the CRM account's API budget per day.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import type { Flow, Schedule } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatSchedule } from '../../app/format.ts';
import { ScheduleInput, scheduleError } from '../setup/ScheduleInput.tsx';
import { BudgetEstimate } from './BudgetEstimate.tsx';

export function ScheduleEditor({ flow }: { flow: Flow }) {
  const [opened, dialog] = useDisclosure(false);
  const [draft, setDraft] = useState<Schedule>(flow.schedule);
  const save = useMutationCall('flows:update', { onSuccess: dialog.close });
  const open = () => {
    setDraft(flow.schedule);
    save.reset();
    dialog.open();
  };
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm">{formatSchedule(flow.schedule)}</Text>
      <Button size="compact-xs" variant="subtle" onClick={open} aria-label={`Change schedule of ${flow.name}`}>
        Change
      </Button>
      <Modal opened={opened} onClose={dialog.close} title={`Schedule of ${flow.name}`}>
        <Stack>
          <ScheduleInput label={flow.name} value={draft} onChange={setDraft} />
          <BudgetEstimate flowId={flow.id} schedule={draft} />
          {!flow.enabled && (
            <Text size="xs" c="dimmed">
              The flow is paused: the new schedule applies once it is resumed.
            </Text>
          )}
          {save.isError && <ErrorAlert error={save.error} title="Could not save the schedule" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={dialog.close}>
              Cancel
            </Button>
            <Button disabled={scheduleError(draft) !== null} loading={save.isPending} onClick={() => save.mutate({ id: flow.id, patch: { schedule: draft } })}>
              Save schedule
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
