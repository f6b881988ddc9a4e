// Pending deletions: destination records that reconciliation found without a source record. Nothing is
// deleted until the admin approves; here they apply (up to the per-run cap) or dismiss a selection.
import { Button, Checkbox, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import type { Flow } from '../../../../preload/contract/index.ts';
import { useCall, useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatRelative } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';

export function PendingDeletions({ flows }: { flows: Flow[] }) {
  const pending = useCall('runs:pendingDeletions', {});
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirmOpen, confirm] = useDisclosure(false);
  const decide = useMutationCall('runs:approveDeletions', {
    // Deciding the last one clears the flow's DELETIONS_PENDING alert (settings:alerts) in the service.
    invalidates: ['runs', 'flows', 'audit', 'settings'],
    onSuccess: (r) => {
      setSelected(new Set());
      confirm.close();
      notifySuccess('Pending deletions handled', `${r.applied} deleted · ${r.dismissed} kept · ${r.failed} failed`);
    },
  });
  const list = pending.data ?? [];
  if (list.length === 0) return null;
  const flowName = (id: string) => flows.find((f) => f.id === id)?.name ?? id;
  const toggle = (id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const ids = [...selected].slice(0, 500);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="pending-deletions-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5" id="pending-deletions-title">
            Pending deletions ({list.length})
          </Title>
          <Group gap="xs">
            <Button size="xs" variant="default" disabled={ids.length === 0} loading={decide.isPending && decide.variables?.decision === 'dismiss'} onClick={() => decide.mutate({ ids, decision: 'dismiss' })}>
              Keep selected
            </Button>
            <Button size="xs" color="red" disabled={ids.length === 0} onClick={confirm.open}>
              Delete selected…
            </Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          These records exist in the destination but no longer in the source. Nothing is deleted until you approve.
        </Text>
        <Table verticalSpacing={4} fz="sm" aria-label="Pending deletions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <Checkbox size="xs" aria-label="Select all pending deletions" checked={selected.size === list.length} indeterminate={selected.size > 0 && selected.size < list.length} onChange={(e) => setSelected(e.currentTarget.checked ? new Set(list.map((d) => d.id)) : new Set())} />
              </Table.Th>
              <Table.Th>Flow</Table.Th>
              <Table.Th>Record</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th>Flagged</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <Checkbox size="xs" aria-label={`Select ${d.destObject} ${d.destId}`} checked={selected.has(d.id)} onChange={() => toggle(d.id)} />
                </Table.Td>
                <Table.Td>{flowName(d.flowId)}</Table.Td>
                <Table.Td>
                  {d.destObject} {d.destId}
                  {d.sourceId ? <Text span size="xs" c="dimmed"> (source {d.sourceId})</Text> : null}
                </Table.Td>
                <Table.Td>{d.reason}</Table.Td>
                <Table.Td>{formatRelative(d.flaggedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {decide.isError && <ErrorAlert error={decide.error} title="Could not apply the decision" />}
      </Stack>
      <Modal opened={confirmOpen} onClose={confirm.close} title={`Delete ${ids.length} record(s) in the destination?`}>
        <Stack>
          <Text size="sm">They are deleted (or archived, where the system archives) in the destination system. The audit log keeps a record of each.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              Cancel
            </Button>
            <Button color="red" loading={decide.isPending} onClick={() => decide.mutate({ ids, decision: 'apply' })}>
              Delete them
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
