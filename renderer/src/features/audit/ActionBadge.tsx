// An audit event's action as a coloured badge; a failure that a later attempt fixed reads "resolved".
import { Badge, Group } from '@mantine/core';
import type { AuditEvent } from '../../../../preload/contract/index.ts';

const colours: Record<AuditEvent['action'], string> = {
  created: 'teal',
  updated: 'blue',
  unchanged: 'gray',
  skipped: 'gray',
  failed: 'red',
  waiting: 'orange',
  replayed: 'grape',
  deleted: 'dark',
};

export function ActionBadge({ event }: { event: Pick<AuditEvent, 'action' | 'resolved'> }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge size="sm" variant="light" color={colours[event.action]}>
        {event.action}
      </Badge>
      {event.action === 'failed' && event.resolved && (
        <Badge size="sm" variant="outline" color="teal">
          resolved
        </Badge>
      )}
    </Group>
  );
}
