// Compare both sides of a flow now (runs:reconcile): repairs what is missing or different, and flags
// destination records without a source for approval on the dashboard.
import { Button } from '@mantine/core';
import type { Flow } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';

export function ReconcileButton({ flow }: { flow: Flow }) {
  const reconcile = useMutationCall('runs:reconcile', {
    onSuccess: (r) =>
      notifySuccess(
        `${flow.name}: reconciled`,
        `${r.sourceCount} in the source, ${r.destCount} in the destination · ${r.missing} missing, ${r.different} different, ${r.repaired} repaired · ${r.flaggedDeletions} flagged for deletion`,
      ),
    onError: (e) => notifyError(`Could not reconcile ${flow.name}`, e),
  });
  return (
    <Button size="compact-sm" variant="subtle" loading={reconcile.isPending} onClick={() => reconcile.mutate({ flowId: flow.id })} aria-label={`Reconcile ${flow.name}`}>
      Reconcile
    </Button>
  );
}
