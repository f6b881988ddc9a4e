// Above the audit list: how many events match, replay (selection / all failed in the filter; what it
// sends: by cause, stored payloads or re-read from the source), CSV
// export, and a refresh when new events arrived since the list was loaded.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import type { AuditFilter, ReplayMode } from '../../../../preload/contract/index.ts';
import { ReplayModePicker, replayModes } from './ReplayModePicker.tsx';
import { useCall } from '../../api.ts';
import { formatNumber } from '../../app/format.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { downloadAuditCsv } from './exportCsv.ts';

interface Props {
  filter: AuditFilter;
  /** Left-hand extra control (the unresolved-only switch). */
  extra?: React.ReactNode;
  selectedCount: number;
  replaying: boolean;
  stale: boolean;
  replayMode: ReplayMode;
  onReplayModeChange: (m: ReplayMode) => void;
  onReplaySelected: () => void;
  onReplayAllFailed: () => void;
  onClearSelection: () => void;
  onRefresh: () => void;
}

export function AuditToolbar({ filter, extra, selectedCount, replaying, stale, replayMode, onReplayModeChange, onReplaySelected, onReplayAllFailed, onClearSelection, onRefresh }: Props) {
  const count = useCall('audit:count', filter);
  const failedFilter: AuditFilter = { ...filter, actions: ['failed'], unresolvedOnly: true };
  const [confirmOpen, confirm] = useDisclosure(false);
  const failed = useCall('audit:count', failedFilter, { enabled: confirmOpen });
  const [exporting, setExporting] = useState(false);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const rows = await downloadAuditCsv(filter);
      notifySuccess('CSV exported', `${formatNumber(rows)} events`);
    } catch (e) {
      notifyError('Could not export the CSV', e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Group justify="space-between" wrap="nowrap">
      <Group gap="md">
        {extra}
        <Text size="sm" aria-live="polite">
          {count.data ? `${count.data.capped ? 'More than ' : ''}${formatNumber(count.data.count)} event${count.data.count === 1 ? '' : 's'}` : count.isError ? 'Count unavailable' : 'Counting…'}
        </Text>
        {stale && (
          <Button size="compact-sm" variant="light" onClick={onRefresh}>
            New events — refresh
          </Button>
        )}
      </Group>
      <Group gap="xs" wrap="nowrap">
        <ReplayModePicker value={replayMode} onChange={onReplayModeChange} />
        {selectedCount > 0 && (
          <>
            <Button size="xs" onClick={onReplaySelected} loading={replaying}>
              Replay selected ({formatNumber(selectedCount)})
            </Button>
            <Button size="xs" variant="subtle" onClick={onClearSelection}>
              Clear selection
            </Button>
          </>
        )}
        <Button size="xs" variant="light" color="red" onClick={confirm.open} disabled={replaying}>
          Replay all failed…
        </Button>
        <Button size="xs" variant="default" onClick={() => void exportCsv()} loading={exporting}>
          Export CSV
        </Button>
      </Group>

      <Modal opened={confirmOpen} onClose={confirm.close} title="Replay all failed events in this filter?">
        <Stack>
          <Text size="sm">
            {failed.data
              ? `${failed.data.capped ? 'More than ' : ''}${formatNumber(failed.data.count)} unresolved failure${failed.data.count === 1 ? '' : 's'} match the filter.`
              : 'Counting the unresolved failures…'}{' '}
            Each is sent again with the flow’s current mapping. {replayModes.find((m) => m.value === replayMode)?.label}: {replayModes.find((m) => m.value === replayMode)?.help}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              Cancel
            </Button>
            <Button
              color="red"
              disabled={failed.data?.count === 0}
              onClick={() => {
                confirm.close();
                onReplayAllFailed();
              }}
            >
              Replay them
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
