// The record key: which source field identifies a record, and the unique destination property that
// carries it (the upsert is by this external id, so re-runs never duplicate).
import { Autocomplete, Group, Text } from '@mantine/core';
import type { Problems } from './mappingDraft.ts';

interface Props {
  value: { from: string; to: string };
  onChange: (key: { from: string; to: string }) => void;
  problems: Problems;
  sourceFields: string[];
  uniqueDestFields: string[];
}

export function KeyEditor({ value, onChange, problems, sourceFields, uniqueDestFields }: Props) {
  return (
    <Group align="flex-start" gap="md">
      <Autocomplete label="Source key field" description="Identifies a record in the source" data={sourceFields} limit={50} value={value.from} onChange={(from) => onChange({ ...value, from })} error={problems.get('key.from')} w={280} spellCheck={false} />
      <Text mt={38} c="dimmed" aria-hidden>
        →
      </Text>
      <Autocomplete
        label="Stored in destination property"
        description="A unique property: records are matched by it"
        data={uniqueDestFields}
        limit={50}
        value={value.to}
        onChange={(to) => onChange({ ...value, to })}
        error={problems.get('key.to')}
        w={320}
        spellCheck={false}
      />
    </Group>
  );
}
