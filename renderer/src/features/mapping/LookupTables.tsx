// The mapping's lookup tables (code → value), used by the `lookup` transform.
import { ActionIcon, Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { IconPlus, IconX } from '../../app/icons.tsx';
import type { Problems } from './mappingDraft.ts';

type Tables = Record<string, Record<string, string>>;

export function LookupTables({ tables, onChange, problems }: { tables: Tables; onChange: (t: Tables) => void; problems: Problems }) {
  const [newName, setNewName] = useState('');
  const nameError = newName && tables[newName] ? 'A table with this name exists' : newName && !/^[A-Za-z][\w-]*$/.test(newName) ? 'Letters, digits, - and _ only' : null;
  const setTable = (name: string, rows: Record<string, string>) => onChange({ ...tables, [name]: rows });
  return (
    <Stack gap="sm">
      {Object.keys(tables).length === 0 && (
        <Text size="sm" c="dimmed">
          No lookup tables. Add one to translate codes (e.g. payment terms) with the “Lookup table” transform.
        </Text>
      )}
      {Object.entries(tables).map(([name, rows]) => (
        <LookupTable
          key={name}
          name={name}
          rows={rows}
          error={problems.get(`tables.${name}`)}
          onChange={(r) => setTable(name, r)}
          onRemove={() => {
            const next = { ...tables };
            delete next[name];
            onChange(next);
          }}
        />
      ))}
      <Group align="flex-start" gap="xs">
        <TextInput aria-label="New lookup table name" placeholder="Table name, e.g. terms" value={newName} onChange={(e) => setNewName(e.currentTarget.value.trim())} error={nameError} size="sm" w={240} />
        <Button
          size="sm"
          variant="light"
          leftSection={<IconPlus size={14} />}
          disabled={!newName || !!nameError}
          onClick={() => {
            onChange({ ...tables, [newName]: {} });
            setNewName('');
          }}
        >
          Add lookup table
        </Button>
      </Group>
    </Stack>
  );
}

function LookupTable({ name, rows, onChange, onRemove, error }: { name: string; rows: Record<string, string>; onChange: (rows: Record<string, string>) => void; onRemove: () => void; error?: string }) {
  const entries = Object.entries(rows);
  const rename = (i: number, code: string) => onChange(Object.fromEntries(entries.map(([k, v], j) => (j === i ? [code, v] : [k, v]))));
  const setValue = (i: number, value: string) => onChange(Object.fromEntries(entries.map(([k, v], j) => (j === i ? [k, value] : [k, v]))));
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          Table “{name}”
        </Text>
        <Button size="compact-xs" variant="subtle" color="red" onClick={onRemove} aria-label={`Remove lookup table ${name}`}>
          Remove table
        </Button>
      </Group>
      {error && (
        <Text c="red" size="xs" mb="xs">
          {error}
        </Text>
      )}
      <Table withRowBorders={false} verticalSpacing={2} aria-label={`Lookup table ${name}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Code</Table.Th>
            <Table.Th>Becomes</Table.Th>
            <Table.Th w={40} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map(([code, value], i) => (
            <Table.Tr key={i}>
              <Table.Td>
                <TextInput size="xs" aria-label={`${name}: code ${i + 1}`} value={code} onChange={(e) => rename(i, e.currentTarget.value)} />
              </Table.Td>
              <Table.Td>
                <TextInput size="xs" aria-label={`${name}: value for ${code || `row ${i + 1}`}`} value={value} onChange={(e) => setValue(i, e.currentTarget.value)} />
              </Table.Td>
              <Table.Td>
                <ActionIcon size="sm" variant="subtle" color="red" aria-label={`Remove ${name} row ${code || i + 1}`} onClick={() => onChange(Object.fromEntries(entries.filter((_, j) => j !== i)))}>
                  <IconX size={14} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Button size="compact-xs" variant="subtle" mt={4} leftSection={<IconPlus size={12} />} disabled={'' in rows} onClick={() => onChange({ ...rows, '': '' })}>
        Add row
      </Button>
    </Paper>
  );
}
