// Per-connection actions: Test (the diagnosis opens in a dialog, with "Trust this certificate" when
// that is the problem) and Delete (confirmed; the service refuses while a flow uses the connection).
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Connection } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { CheckResultView } from './CheckResultView.tsx';

export function ConnectionActions({ connection }: { connection: Connection }) {
  const [testOpen, test] = useDisclosure(false);
  const [deleteOpen, del] = useDisclosure(false);
  const check = useMutationCall('connections:test');
  const trust = useMutationCall('connections:update', { onSuccess: () => check.mutate({ id: connection.id }) });
  const remove = useMutationCall('connections:delete', { onSuccess: del.close });

  const runTest = () => {
    test.open();
    check.mutate({ id: connection.id });
  };

  return (
    <Group gap="xs" justify="flex-end" wrap="nowrap">
      <Button size="xs" variant="default" onClick={runTest} aria-label={`Test connection ${connection.name}`}>
        Test
      </Button>
      <Button size="xs" variant="subtle" color="red" onClick={del.open} aria-label={`Delete connection ${connection.name}`}>
        Delete
      </Button>

      <Modal opened={testOpen} onClose={test.close} title={`Test connection: ${connection.name}`} size="lg">
        <Stack>
          {check.isPending && <Text size="sm">Testing…</Text>}
          {check.isError && <ErrorAlert error={check.error} title="The test could not run" />}
          {check.data && (
            <CheckResultView
              result={check.data}
              trusting={trust.isPending}
              onTrust={(fingerprint256) => trust.mutate({ id: connection.id, patch: { tls: { fingerprint256 } } })}
            />
          )}
          {trust.isError && <ErrorAlert error={trust.error} title="Could not save the certificate" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={runTest} loading={check.isPending}>
              Test again
            </Button>
            <Button onClick={test.close}>Close</Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={deleteOpen} onClose={del.close} title={`Delete ${connection.name}?`}>
        <Stack>
          <Text size="sm">The connection and its stored secrets are removed. Flows that use it must be deleted first.</Text>
          {remove.isError && <ErrorAlert error={remove.error} title="Could not delete" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={del.close}>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate({ id: connection.id })}>
              Delete connection
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
