// The two sides' fields, live from the systems: source fields with a sample value from the preview,
// destination properties with their type and flags. "Map" adds a rule for a field not mapped yet.
import { Badge, Button, Group, ScrollArea, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { z } from 'zod';
import type { fieldInfoSchema } from '../../../../preload/contract/index.ts';

type FieldInfo = z.infer<typeof fieldInfoSchema>;

function sampleText(v: unknown): string {
  if (v === undefined) return '';
  if (v === null || v === '') return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function FieldTable({ fields, mapped, sample, onMap, side }: { fields: FieldInfo[]; mapped: Set<string>; sample?: Record<string, unknown>; onMap: (name: string) => void; side: 'source' | 'destination' }) {
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  const shown = f ? fields.filter((x) => x.name.toLowerCase().includes(f) || x.label.toLowerCase().includes(f)) : fields;
  return (
    <Stack gap="xs">
      <TextInput size="xs" placeholder="Filter by name" aria-label={`Filter ${side} fields`} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
      <ScrollArea.Autosize mah={420} type="auto" offsetScrollbars scrollbars="y">
        <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={side === 'source' ? 'Source fields' : 'Destination properties'}>
          {shown.map((x) => {
            const details = [x.label !== x.name ? x.label : null, sample ? `e.g. ${sampleText(sample[x.name])}` : null].filter(Boolean).join(' · ');
            return (
              <Group component="li" key={x.name} justify="space-between" wrap="nowrap" gap="xs" py={4} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
                <Stack gap={0} miw={0}>
                  <Group gap={4} wrap="wrap">
                    <Text size="xs" fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {x.name}
                    </Text>
                    <Badge size="xs" variant="light" color="gray">
                      {x.type}
                    </Badge>
                    {x.required && (
                      <Badge size="xs" variant="light" color="orange">
                        required
                      </Badge>
                    )}
                    {x.unique && (
                      <Badge size="xs" variant="light" color="grape">
                        unique
                      </Badge>
                    )}
                    {x.readOnly && (
                      <Badge size="xs" variant="light" color="gray">
                        read-only
                      </Badge>
                    )}
                  </Group>
                  {details && (
                    <Text size="xs" c="dimmed" lineClamp={1} title={details}>
                      {details}
                    </Text>
                  )}
                </Stack>
                {mapped.has(x.name) ? (
                  <Text size="xs" c="teal" style={{ flexShrink: 0 }}>
                    mapped
                  </Text>
                ) : (
                  !(x.readOnly && side === 'destination') && (
                    <Button size="compact-xs" variant="subtle" style={{ flexShrink: 0 }} onClick={() => onMap(x.name)} aria-label={`Map ${side} field ${x.name}`}>
                      + Map
                    </Button>
                  )
                )}
              </Group>
            );
          })}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  );
}

interface Props {
  source: FieldInfo[];
  dest: FieldInfo[];
  mappedFrom: Set<string>;
  mappedTo: Set<string>;
  sample?: Record<string, unknown>;
  onMapSource: (name: string) => void;
  onMapDest: (name: string) => void;
}

export function FieldReference({ source, dest, mappedFrom, mappedTo, sample, onMapSource, onMapDest }: Props) {
  return (
    <Tabs defaultValue="source">
      <Tabs.List mb="xs">
        <Tabs.Tab value="source">Source fields ({source.length})</Tabs.Tab>
        <Tabs.Tab value="dest">Destination properties ({dest.length})</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="source">
        <FieldTable fields={source} mapped={mappedFrom} sample={sample} onMap={onMapSource} side="source" />
      </Tabs.Panel>
      <Tabs.Panel value="dest">
        <FieldTable fields={dest} mapped={mappedTo} onMap={onMapDest} side="destination" />
      </Tabs.Panel>
    </Tabs>
  );
}
