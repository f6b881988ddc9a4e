// An update's field-level change history: which fields it changed since our last write of the record,
// from → to (recorded from the stored payloads when the update was written).
import { Stack, Table, Text } from '@mantine/core';
import type { AuditDetail } from '../../../../preload/contract/index.ts';

/** A value as the admin reads it: text as is, nothing as an em dash, anything else as JSON. */
function shown(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function FieldChanges({ event: e }: { event: AuditDetail }) {
  if (e.action !== 'updated') return null;
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">
        Changed since our last write
      </Text>
      {e.fieldChanges === null ? (
        <Text size="sm" c="dimmed">
          Not known: no earlier write of this record is stored.
        </Text>
      ) : e.fieldChanges.length === 0 ? (
        <Text size="sm" c="dimmed">
          No field changed (written again, e.g. by a forced run or a replay).
        </Text>
      ) : (
        <Table withTableBorder fz="sm" aria-label="Changed fields">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Field</Table.Th>
              <Table.Th>Was</Table.Th>
              <Table.Th>Now</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {e.fieldChanges.map((c) => (
              <Table.Tr key={c.field}>
                <Table.Td ff="monospace">{c.field}</Table.Td>
                <Table.Td c="red.8" td="line-through">{shown(c.from)}</Table.Td>
                <Table.Td c="green.8">{shown(c.to)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
