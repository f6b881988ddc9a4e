// Pause or resume a flow's schedule (flows:setEnabled). Sync now still works on a paused flow.
import { Switch } from '@mantine/core';
import type { Flow } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { notifyError } from '../../app/notify.ts';

export function PauseResumeSwitch({ flow }: { flow: Flow }) {
  const setEnabled = useMutationCall('flows:setEnabled', { onError: (e) => notifyError(`Could not ${flow.enabled ? 'pause' : 'resume'} ${flow.name}`, e) });
  const enabled = setEnabled.isPending ? !flow.enabled : flow.enabled;
  return (
    <Switch
      checked={enabled}
      disabled={setEnabled.isPending}
      onChange={(e) => setEnabled.mutate({ id: flow.id, enabled: e.currentTarget.checked })}
      label={enabled ? 'Scheduled' : 'Paused'}
      aria-label={`Schedule ${flow.name}`}
    />
  );
}
