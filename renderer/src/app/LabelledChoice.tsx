// One choice among a few, as segments under a visible label: the label names the radio group for
// screen readers (aria-labelledby, with an id of its own so two choices on a page never share one).
import { SegmentedControl, Stack, Text } from '@mantine/core';
import { useId } from 'react';

export interface Choice<V extends string> {
  value: V;
  label: string;
}

export function LabelledChoice<V extends string>({ label, value, onChange, data }: { label: string; value: V; onChange: (value: V) => void; data: readonly Choice<V>[] }) {
  const labelId = useId();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={labelId}>
        {label}
      </Text>
      <SegmentedControl aria-labelledby={labelId} w="fit-content" value={value} onChange={(v) => onChange(v as V)} data={[...data]} />
    </Stack>
  );
}
