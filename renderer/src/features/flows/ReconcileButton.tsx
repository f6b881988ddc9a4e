// Compare both sides of a flow now (runs:reconcile): repairs what is missing or different, and flags
// destination records without a source for approval on the dashboard. It reads every record on both
// sides and writes to the destination, so it asks first and says what it will do.
import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Flow } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';

export function ReconcileButton({ flow }: { flow: Flow }) {
  const [asking, setAsking] = useState(false);
  const reconcile = useMutationCall('runs:reconcile', {
    onSuccess: (r) =>
      notifySuccess(
        `${flow.name}: reconciled`,
        `${r.sourceCount} in the source, ${r.destCount} in the destination · ${r.missing} missing, ${r.different} different, ${r.repaired} repaired · ${r.flaggedDeletions} flagged for deletion`,
      ),
    onError: (e) => notifyError(`Could not reconcile ${flow.name}`, e),
    onSettled: () => setAsking(false),
  });
  return (
    <>
      <Button size="compact-sm" variant="subtle" loading={reconcile.isPending} onClick={() => setAsking(true)} aria-label={`Reconcile ${flow.name}`}>
        Reconcile
      </Button>
      <Modal opened={asking} onClose={() => setAsking(false)} title={`Reconcile ${flow.name}?`}>
        <Stack gap="sm">
          <Text size="sm">Reconcile compares every {flow.sourceEntity} record with {flow.destObject} in the destination, then:</Text>
          <List size="sm" spacing={4}>
            <List.Item>creates in the destination the records that are missing there;</List.Item>
            <List.Item>updates the records whose values differ from what the mapping gives;</List.Item>
            <List.Item>lists destination records that no longer have a source on the dashboard, for your approval — nothing is deleted without it.</List.Item>
          </List>
          <Text size="xs" c="dimmed">It reads both systems in full, so it takes longer than a run and uses API calls on both sides.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(false)}>
              Cancel
            </Button>
            <Button loading={reconcile.isPending} onClick={() => reconcile.mutate({ flowId: flow.id })}>
              Reconcile now
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
