// Delete one flow, after a confirmation that says what stays: its audit history (shown under the
// flow's name, marked as deleted) and the records it already wrote in the other system.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Flow } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';

export function DeleteFlowButton({ flow }: { flow: Flow }) {
  const [opened, dialog] = useDisclosure(false);
  const remove = useMutationCall('flows:delete', { onSuccess: dialog.close });
  return (
    <>
      <Button
        size="compact-xs"
        variant="subtle"
        color="red"
        onClick={() => {
          remove.reset();
          dialog.open();
        }}
        aria-label={`Delete flow ${flow.name}`}
      >
        Delete
      </Button>
      <Modal opened={opened} onClose={dialog.close} title={`Delete the flow ${flow.name}?`}>
        <Stack>
          <Text size="sm">
            The flow stops and is removed. Its audit history stays in the audit log, marked as a deleted flow&apos;s, and the records it already wrote stay where they are.
          </Text>
          {remove.isError && <ErrorAlert error={remove.error} title="Could not delete the flow" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={dialog.close}>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate({ id: flow.id })}>
              Delete flow
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
