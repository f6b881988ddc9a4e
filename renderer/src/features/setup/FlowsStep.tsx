// Step 4: which of the integration's flows to create, and when each one runs.
import { Button, Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import type { IntegrationTemplate, Schedule } from '../../../../preload/contract/index.ts';
import { ScheduleInput, scheduleError } from './ScheduleInput.tsx';

export type FlowChoices = Record<string, { selected: boolean; schedule: Schedule }>;

export function initialFlowChoices(template: IntegrationTemplate): FlowChoices {
  return Object.fromEntries(template.flows.map((f) => [f.key, { selected: !f.optional, schedule: f.schedule }]));
}

export function flowChoicesError(choices: FlowChoices): string | null {
  const selected = Object.values(choices).filter((c) => c.selected);
  if (selected.length === 0) return 'Choose at least one flow.';
  return selected.some((c) => scheduleError(c.schedule)) ? 'Fix the schedules marked in red.' : null;
}

export function FlowsStep({ template, value, onChange, onBack, onNext }: { template: IntegrationTemplate; value: FlowChoices; onChange: (v: FlowChoices) => void; onBack: () => void; onNext: () => void }) {
  const error = flowChoicesError(value);
  return (
    <Stack gap="sm">
      <Text>Choose what to sync and how often. You can change schedules and mappings later.</Text>
      {template.flows.map((f) => {
        const choice = value[f.key] ?? { selected: false, schedule: f.schedule };
        return (
          <Paper key={f.key} withBorder p="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Checkbox
                checked={choice.selected}
                onChange={(e) => onChange({ ...value, [f.key]: { ...choice, selected: e.currentTarget.checked } })}
                label={
                  <>
                    <Text fw={500} span>
                      {f.name}
                    </Text>
                    {f.optional && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        (optional)
                      </Text>
                    )}
                  </>
                }
                description={f.description}
                aria-label={f.name}
              />
              {choice.selected && <ScheduleInput label={f.name} value={choice.schedule} onChange={(schedule) => onChange({ ...value, [f.key]: { ...choice, schedule } })} />}
            </Group>
          </Paper>
        );
      })}
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
      <Group justify="space-between" mt="md">
        <Button variant="default" onClick={onBack}>
          Back
        </Button>
        <Button onClick={onNext} disabled={!!error}>
          Next
        </Button>
      </Group>
    </Stack>
  );
}
