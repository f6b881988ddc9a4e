// A payload shown as indented JSON, scrollable, selectable for copying.
import { Code, ScrollArea, Text } from '@mantine/core';

export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  if (value === null || value === undefined) {
    return (
      <Text size="sm" c="dimmed">
        No {label.toLowerCase()} stored.
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah={320} type="auto">
      <Code block fz="xs" aria-label={label}>
        {JSON.stringify(value, null, 2)}
      </Code>
    </ScrollArea.Autosize>
  );
}
