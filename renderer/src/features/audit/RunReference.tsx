// An audit event's run in its drawer: named by its flow and start time, a link to that run's events,
// with the run's id a click away (copy, tooltip) for support.
import { ActionIcon, Anchor, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '../../app/icons.tsx';
import { useRunLabel } from './useRunLabel.ts';

interface Props {
  runId: string;
  flowName: (id: string) => string;
  /** Filters the audit log on this run. */
  onShowRun: (runId: string) => void;
}

export function RunReference({ runId, flowName, onShowRun }: Props) {
  const label = useRunLabel(runId, flowName);
  return (
    <Group gap={4} wrap="nowrap" align="center">
      <Tooltip label={`Run id ${runId}`} openDelay={300}>
        <Anchor component="button" size="sm" ta="left" onClick={() => onShowRun(runId)} aria-label={`Show the events of this run (${label ?? runId})`}>
          {label ?? <Text span ff="monospace" size="xs">{runId}</Text>}
        </Anchor>
      </Tooltip>
      <CopyButton value={runId}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy the run id (${runId})`}>
            <ActionIcon size="sm" variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={`Copy the run id ${runId}`} style={{ flexShrink: 0 }}>
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
