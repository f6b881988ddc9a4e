// Edits a flow's schedule: manual only, every N minutes, or a cron expression.
import { Group, NumberInput, Select, TextInput } from '@mantine/core';
import type { Schedule } from '../../../../preload/contract/index.ts';

const kinds = [
  { value: 'interval', label: 'Every N minutes' },
  { value: 'cron', label: 'Cron expression' },
  { value: 'manual', label: 'Manual only' },
];

export function scheduleError(s: Schedule): string | null {
  if (s.kind === 'interval' && (!Number.isInteger(s.minutes) || s.minutes < 1 || s.minutes > 10_080)) return 'Between 1 and 10080 minutes (a week)';
  if (s.kind === 'cron' && s.expression.trim().split(/\s+/).length !== 5) return 'Five fields: minute hour day month weekday, e.g. */15 * * * *';
  return null;
}

export function ScheduleInput({ value, onChange, label }: { value: Schedule; onChange: (s: Schedule) => void; label: string }) {
  const error = scheduleError(value);
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <Select
        aria-label={`${label}: schedule`}
        data={kinds}
        value={value.kind}
        allowDeselect={false}
        w={180}
        onChange={(k) => {
          if (k === 'manual') onChange({ kind: 'manual' });
          else if (k === 'cron') onChange({ kind: 'cron', expression: '*/15 * * * *' });
          else onChange({ kind: 'interval', minutes: 15 });
        }}
      />
      {value.kind === 'interval' && (
        <NumberInput
          aria-label={`${label}: minutes between runs`}
          value={value.minutes}
          min={1}
          max={10_080}
          w={110}
          suffix=" min"
          error={error}
          onChange={(v) => onChange({ kind: 'interval', minutes: typeof v === 'number' ? v : Number.parseInt(v, 10) || 0 })}
        />
      )}
      {value.kind === 'cron' && (
        <TextInput aria-label={`${label}: cron expression`} value={value.expression} w={180} error={error} spellCheck={false} onChange={(e) => onChange({ kind: 'cron', expression: e.currentTarget.value })} />
      )}
    </Group>
  );
}
