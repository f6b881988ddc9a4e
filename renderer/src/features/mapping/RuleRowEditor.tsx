// One mapping rule as a table row: destination property ← source (field, constant or template),
// its transforms, who owns the property in a two-way flow, and remove.
import { ActionIcon, Autocomplete, Group, SegmentedControl, Select, Table, TextInput } from '@mantine/core';
import type { FieldRule } from '../../../../preload/contract/index.ts';
import { IconX } from '../../app/icons.tsx';
import { sourceModeOf, withSourceMode, type Problems, type SourceMode } from './mappingDraft.ts';
import { TransformSteps } from './TransformSteps.tsx';

const modes = [
  { value: 'from', label: 'Field' },
  { value: 'value', label: 'Constant' },
  { value: 'template', label: 'Template' },
];

interface Props {
  index: number;
  rule: FieldRule;
  onChange: (rule: FieldRule) => void;
  onRemove: () => void;
  problems: Problems;
  sourceFields: string[];
  destFields: string[];
  tables: string[];
  twoWay: boolean;
  authority: 'source' | 'dest';
  onAuthority: (a: 'source' | 'dest') => void;
}

export function RuleRowEditor({ index, rule, onChange, onRemove, problems, sourceFields, destFields, tables, twoWay, authority, onAuthority }: Props) {
  const at = `fields.${index}`;
  const mode = sourceModeOf(rule);
  const name = rule.to || `row ${index + 1}`;
  return (
    <Table.Tr>
      <Table.Td>
        <Autocomplete
          aria-label={`Destination property, row ${index + 1}`}
          placeholder="Destination property"
          data={destFields}
          limit={50}
          value={rule.to}
          onChange={(to) => onChange({ ...rule, to })}
          error={problems.get(`${at}.to`)}
          size="sm"
          spellCheck={false}
        />
      </Table.Td>
      {/* The source's own input keeps a readable width: at 1024 px it shrank to nothing beside the kind. */}
      <Table.Td>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Select aria-label={`Source kind of ${name}`} data={modes} value={mode} onChange={(m) => m && onChange(withSourceMode(rule, m as SourceMode))} allowDeselect={false} w={110} size="sm" />
          {mode === 'from' && (
            <Autocomplete
              aria-label={`Source field of ${name}`}
              placeholder="Source field"
              data={sourceFields}
              limit={50}
              value={rule.from ?? ''}
              onChange={(from) => onChange({ ...rule, from })}
              error={problems.get(`${at}.from`)}
              size="sm"
              flex={1}
              miw={150}
              spellCheck={false}
            />
          )}
          {mode === 'value' && (
            <TextInput aria-label={`Constant value of ${name}`} placeholder="Value" value={rule.value === null || rule.value === undefined ? '' : String(rule.value)} onChange={(e) => onChange({ ...rule, value: e.currentTarget.value })} size="sm" flex={1} miw={150} />
          )}
          {mode === 'template' && (
            <TextInput
              aria-label={`Template of ${name}`}
              placeholder="{AddressLine1}, {City}"
              value={rule.template ?? ''}
              onChange={(e) => onChange({ ...rule, template: e.currentTarget.value })}
              error={problems.get(`${at}.template`)}
              size="sm"
              flex={1}
              miw={150}
              spellCheck={false}
            />
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <TransformSteps
          steps={rule.transform ?? []}
          onChange={(transform) => {
            const next: FieldRule = { ...rule, transform };
            if (transform.length === 0) delete next.transform;
            onChange(next);
          }}
          rowLabel={name}
          problemsAt={`${at}.transform`}
          problems={problems}
          tables={tables}
          sourceFields={sourceFields}
        />
      </Table.Td>
      {twoWay && (
        <Table.Td>
          <SegmentedControl
            aria-label={`Owner of ${name}`}
            size="xs"
            value={authority}
            onChange={(v) => onAuthority(v as 'source' | 'dest')}
            data={[
              { value: 'source', label: 'Source' },
              { value: 'dest', label: 'Destination' },
            ]}
          />
        </Table.Td>
      )}
      <Table.Td>
        <ActionIcon variant="subtle" color="red" aria-label={`Remove rule ${name}`} onClick={onRemove}>
          <IconX size={16} />
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  );
}
