// One audit event in full: the record on both sides, the error with its hint, the source and mapped
// payloads, the replay history, and Replay.
import { Alert, Anchor, Button, Drawer, Group, Stack, Table, Tabs, Text, Timeline } from '@mantine/core';
import type { AuditDetail } from '../../../../preload/contract/index.ts';
import { SYSTEMS } from '../../../../connectors/systems.ts';
import { useCall } from '../../api.ts';
import { QueryState } from '../../app/QueryState.tsx';
import { formatDateTime } from '../../app/format.ts';
import { ActionBadge } from './ActionBadge.tsx';
import { CrmRecordLink } from './CrmRecordLink.tsx';
import { FieldChanges } from './FieldChanges.tsx';
import { JsonBlock } from './JsonBlock.tsx';
import { ReplayError } from './ReplayError.tsx';
import { ReplayOutcome } from './ReplayOutcome.tsx';
import { ResyncRunRow } from './ResyncRunRow.tsx';
import { RunReference } from './RunReference.tsx';
import { useReplay } from './useReplay.ts';

interface Props {
  eventId: number | null;
  flowName: (id: string) => string;
  onClose: () => void;
  onOpen: (id: number) => void;
  /** Lists the events of one run (the drawer's run link). */
  onShowRun: (runId: string) => void;
}

export function EventDrawer({ eventId, flowName, onClose, onOpen, onShowRun }: Props) {
  return (
    <Drawer opened={eventId !== null} onClose={onClose} position="right" size={620} title={eventId !== null ? `Audit event ${eventId}` : ''} closeButtonProps={{ 'aria-label': 'Close event details' }}>
      {eventId !== null && <EventDetail key={eventId} id={eventId} flowName={flowName} onOpen={onOpen} onShowRun={onShowRun} />}
    </Drawer>
  );
}

/**
 * Replay says what it sends: the stored payload (a cause fixed on the destination's side; works while
 * the source is down) or the record re-read from the source (a cause fixed there). The one the failure's
 * cause calls for is the filled button.
 */
function ReplayButtons({ event: e, pending, onReplay }: { event: AuditDetail; pending: boolean; onReplay: (mode: 'stored' | 'reread') => void }) {
  // A failure's replay stays a replay once resolved (replaying it again says it is resolved and sends
  // nothing); a record written or left unchanged is re-synced.
  const failure = e.action === 'failed' || e.action === 'waiting';
  const open = failure && !e.resolved;
  const preferred = e.error?.cause === 'source' ? 'reread' : 'stored';
  const source = SYSTEMS.find((s) => s.id === e.sourceSystem)?.label ?? e.sourceSystem;
  const variant = (mode: 'stored' | 'reread') => (open && mode === preferred ? 'filled' : 'light');
  return (
    <Group gap="xs" wrap="nowrap">
      <Button size="xs" onClick={() => onReplay('stored')} loading={pending} variant={variant('stored')} title="Send the payload stored with this event again, with the flow's current mapping (for a cause fixed in the destination; works while the source is unreachable).">
        Replay: resend stored payload
      </Button>
      {/* The same re-read serves a failure fixed in the source and "re-sync this record". */}
      <Button size="xs" onClick={() => onReplay('reread')} loading={pending} variant={variant('reread')} title={`Read the record from ${source} again and send that (for a cause fixed in ${source}, or to re-sync it).`}>
        {failure ? `Replay: re-read from ${source}` : `Re-sync this record from ${source}`}
      </Button>
    </Group>
  );
}

function EventDetail({ id, flowName, onOpen, onShowRun }: { id: number; flowName: (id: string) => string; onOpen: (id: number) => void; onShowRun: (runId: string) => void }) {
  const detail = useCall('audit:get', { id });
  const replay = useReplay();
  return (
    <QueryState query={detail} label="the event">
      {(e: AuditDetail) => (
        <Stack gap="md">
          <Group justify="space-between">
            <Group gap="xs">
              <ActionBadge event={e} />
              <Text size="sm">{formatDateTime(e.at, true)}</Text>
            </Group>
            <ReplayButtons event={e} pending={replay.isPending} onReplay={(mode) => replay.mutate({ ids: [e.id], mode })} />
          </Group>
          {replay.data && <ReplayOutcome outcome={replay.data} />}
          {replay.isError && <ReplayError error={replay.error} />}

          {e.error && (
            <Alert color={e.resolved ? 'gray' : 'red'} variant="light" title={e.error.message}>
              {e.error.hint && <Text size="sm">{e.error.hint}</Text>}
              <CrmRecordLink event={e} />
              <Text size="xs" c="dimmed" mt={4}>
                {e.error.kind}
                {e.error.code ? ` · ${e.error.code}` : ''}
                {e.resolved ? ' · resolved by a later attempt' : ''}
              </Text>
            </Alert>
          )}

          <Table variant="vertical" withTableBorder layout="fixed" fz="sm" aria-label="Event facts">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={150}>Flow</Table.Th>
                <Table.Td>
                  {flowName(e.flowId)} <Text span c="dimmed" size="xs">({e.direction})</Text>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Source record</Table.Th>
                <Table.Td>
                  {e.sourceLabel ? `${e.sourceLabel} · ` : ''}
                  {e.sourceSystem} {e.sourceEntity} <b>{e.sourceId}</b>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Destination</Table.Th>
                <Table.Td>
                  {e.destObject} {e.destId ? <b>{e.destId}</b> : <Text span c="dimmed">(no id: not written)</Text>}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Run</Table.Th>
                <Table.Td>{e.runId ? <RunReference runId={e.runId} flowName={flowName} onShowRun={onShowRun} /> : '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Attempt</Table.Th>
                <Table.Td>
                  {e.attempt}
                  {e.replayOf !== null && (
                    <>
                      {' '}
                      · replay of{' '}
                      <Anchor component="button" size="sm" onClick={() => onOpen(e.replayOf!)}>
                        event {e.replayOf}
                      </Anchor>
                    </>
                  )}
                </Table.Td>
              </Table.Tr>
              <ResyncRunRow runId={e.runId} />
              {e.replaySend && (
                <Table.Tr>
                  <Table.Th>Replay sent</Table.Th>
                  <Table.Td>
                    {e.replaySend.sent === 'reread' ? `the record re-read from ${SYSTEMS.find((s) => s.id === e.sourceSystem)?.label ?? e.sourceSystem}` : 'the stored payload'}, with the mapping as saved{' '}
                    {formatDateTime(e.replaySend.mappingSavedAt, true)}{' '}
                    <Text span size="xs" c="dimmed">
                      (#{e.replaySend.mappingHash})
                    </Text>
                    {e.replaySend.note && (
                      <Text size="xs" c="dimmed">
                        {e.replaySend.note}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>

          <FieldChanges event={e} />
          {e.payloadOf !== null && (
            <Text size="sm" c="dimmed">
              Unchanged since{' '}
              <Anchor component="button" size="sm" onClick={() => onOpen(e.payloadOf!)}>
                event {e.payloadOf}
              </Anchor>
              , which wrote these payloads.
            </Text>
          )}
          <Tabs defaultValue="source" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="source">Source payload</Tabs.Tab>
              <Tabs.Tab value="mapped">Mapped payload</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="source" pt="xs">
              <JsonBlock value={e.sourcePayload} label="Source payload" />
            </Tabs.Panel>
            <Tabs.Panel value="mapped" pt="xs">
              <JsonBlock value={e.mappedPayload} label="Mapped payload" />
            </Tabs.Panel>
          </Tabs>

          <Stack gap="xs">
            <Text fw={600} size="sm">
              Replay history
            </Text>
            {e.history.length === 0 ? (
              <Text size="sm" c="dimmed">
                Not replayed.
              </Text>
            ) : (
              <Timeline bulletSize={14} lineWidth={2} active={e.history.length - 1}>
                {e.history.map((h) => (
                  <Timeline.Item
                    key={h.id}
                    title={
                      <Anchor component="button" size="sm" onClick={() => onOpen(h.id)} fw={h.id === e.id ? 700 : 400}>
                        Event {h.id} · {formatDateTime(h.at, true)}
                      </Anchor>
                    }
                  >
                    <ActionBadge event={h} />
                    {h.error && (
                      <Text size="xs" c="dimmed">
                        {h.error.message}
                      </Text>
                    )}
                  </Timeline.Item>
                ))}
              </Timeline>
            )}
          </Stack>
        </Stack>
      )}
    </QueryState>
  );
}
