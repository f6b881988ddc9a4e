// Deleting a connection: when flows still use it, they are listed with the two ways out — delete a
// flow (its audit history stays), or move them all to another connection of the same system (a new
// server for the same company, say) — and the connection can go once none is left.
import { Alert, Anchor, Button, Group, List, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Connection, Flow } from '../../../../preload/contract/index.ts';
import { useCall, useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { DeleteFlowButton } from '../flows/DeleteFlowButton.tsx';

interface Props {
  connection: Connection;
  systemLabel: string;
  onClose: () => void;
}

export function DeleteConnectionModal({ connection, systemLabel, onClose }: Props) {
  const flows = useCall('flows:list', {});
  const connections = useCall('connections:list', {});
  const using = (flows.data ?? []).filter((f: Flow) => f.sourceConnectionId === connection.id || f.destConnectionId === connection.id);
  const others = (connections.data ?? []).filter((c) => c.system === connection.system && c.id !== connection.id);
  const [target, setTarget] = useState<string | null>(null);
  // What the move changed, said in full: which flows now use which connection (their mappings are kept).
  const [moved, setMoved] = useState<string | null>(null);
  const repoint = useMutationCall('connections:repoint', {
    onSuccess: (r, input) => {
      const names = r.flowIds.map((id) => using.find((f) => f.id === id)?.name ?? id);
      const to = others.find((c) => c.id === input.toId)?.name ?? input.toId;
      setMoved(`Moved ${names.length === 1 ? '1 flow' : `${names.length} flows`} to ${to}, mappings and schedules unchanged: ${names.join(', ')}.`);
      setTarget(null);
    },
  });
  const remove = useMutationCall('connections:delete', { onSuccess: onClose });

  return (
    <Modal opened onClose={onClose} title={`Delete ${connection.name}?`} size="lg">
      <Stack>
        {using.length === 0 ? (
          <Text size="sm">The connection and its stored secrets are removed. No flow uses it.</Text>
        ) : (
          <>
            <Text size="sm">
              {using.length === 1 ? '1 flow uses' : `${using.length} flows use`} this connection. Delete {using.length === 1 ? 'it' : 'them'}, or move {using.length === 1 ? 'it' : 'them'} to
              another {systemLabel} connection; then the connection can be deleted.
            </Text>
            <List size="sm" spacing={6} aria-label={`Flows that use ${connection.name}`}>
              {using.map((f) => (
                <List.Item key={f.id}>
                  <Group gap="sm" wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {f.name}
                    </Text>
                    <Anchor component={Link} to={`/audit?flow=${encodeURIComponent(f.id)}`} size="xs">
                      Audit log
                    </Anchor>
                    <DeleteFlowButton flow={f} />
                  </Group>
                </List.Item>
              ))}
            </List>
            {others.length > 0 ? (
              <Group align="flex-end" gap="sm">
                <Select
                  label={`Move ${using.length === 1 ? 'it' : 'them'} to`}
                  placeholder={`Another ${systemLabel} connection`}
                  data={others.map((c) => ({ value: c.id, label: c.name }))}
                  value={target}
                  onChange={setTarget}
                  w={280}
                />
                <Button variant="light" disabled={!target} loading={repoint.isPending} onClick={() => target && repoint.mutate({ fromId: connection.id, toId: target })}>
                  Move {using.length === 1 ? '1 flow' : `${using.length} flows`}
                </Button>
              </Group>
            ) : (
              <Text size="xs" c="dimmed">
                To move the flows instead, first add another {systemLabel} connection (Set up an integration).
              </Text>
            )}
            {repoint.isError && <ErrorAlert error={repoint.error} title="Could not move the flows" />}
          </>
        )}
        {moved && (
          <Alert color="teal" variant="light" role="status">
            {moved}
          </Alert>
        )}
        {remove.isError && <ErrorAlert error={remove.error} title="Could not delete" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} disabled={using.length > 0} onClick={() => remove.mutate({ id: connection.id })}>
            Delete connection
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
