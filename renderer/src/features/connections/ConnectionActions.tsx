// Per-connection actions: Test (the diagnosis opens in a dialog, with "Trust this certificate" when
// that is the problem), Edit (rotate a secret, change the address; tested before saving) and Delete
// (confirmed; flows that still use the connection are listed, to delete or move them first).
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Connection } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { CheckResultView } from './CheckResultView.tsx';
import { DeleteConnectionModal } from './DeleteConnectionModal.tsx';
import { EditConnectionModal } from './EditConnectionModal.tsx';
import { useSystems } from './useSystems.ts';
import { BlackoutWindowsModal } from '../blackouts/BlackoutWindowsModal.tsx';

export function ConnectionActions({ connection }: { connection: Connection }) {
  const [testOpen, test] = useDisclosure(false);
  const [deleteOpen, del] = useDisclosure(false);
  const check = useMutationCall('connections:test');
  const trust = useMutationCall('connections:update', { onSuccess: () => check.mutate({ id: connection.id }) });
  const [editOpen, edit] = useDisclosure(false);
  const [blackoutOpen, blackout] = useDisclosure(false);
  const system = useSystems().byId.get(connection.system);

  const runTest = () => {
    test.open();
    check.mutate({ id: connection.id });
  };

  return (
    // Wraps under 1280 px rather than pushing the table past the window.
    <Group gap="xs" justify="flex-end" wrap="wrap" maw={260} ml="auto">
      <Button size="xs" variant="default" onClick={runTest} aria-label={`Test connection ${connection.name}`}>
        Test
      </Button>
      <Button size="xs" variant="default" onClick={edit.open} disabled={!system} aria-label={`Edit connection ${connection.name}`}>
        Edit
      </Button>
      {system?.role === 'erp' && (
        <Button size="xs" variant="default" onClick={blackout.open} aria-label={`Blackout windows of ${connection.name}`}>
          Blackout
        </Button>
      )}
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

      {editOpen && system && <EditConnectionModal connection={connection} system={system} onClose={edit.close} />}
      {blackoutOpen && <BlackoutWindowsModal connection={connection} onClose={blackout.close} />}
      {deleteOpen && <DeleteConnectionModal connection={connection} systemLabel={system?.label ?? connection.system} onClose={del.close} />}
    </Group>
  );
}
