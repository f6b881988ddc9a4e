// What a schedule will spend of the CRM account's API budget per day, shown before it is saved
// (budget:plan: units per run measured on the flow's recent runs × the runs the schedule starts a day).
import { Alert, Loader, Stack, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import type { BudgetPlan, Schedule } from '../../../../preload/contract/index.ts';
import { useCall } from '../../api.ts';
import { scheduleError } from '../setup/ScheduleInput.tsx';

/** Yellow from half of the allowance a day, red from 80 % (the share the dashboard warns at). */
function colorOf(plan: BudgetPlan): string {
  const share = Math.max(0, ...plan.accounts.map((a) => a.share));
  return share >= 0.8 ? 'red' : share >= 0.5 ? 'yellow' : 'gray';
}

export function BudgetEstimate({ flowId, connectionIds, schedule, records }: { flowId?: string; connectionIds?: string[]; schedule: Schedule; records?: number }) {
  const valid = scheduleError(schedule) === null;
  const plan = useCall(
    'budget:plan',
    { ...(flowId && { flowId }), connectionIds: connectionIds ?? [], schedule, ...(records !== undefined && { records }) },
    { enabled: valid, placeholderData: keepPreviousData },
  );
  if (!valid) return null;
  return (
    <Alert color={plan.data ? colorOf(plan.data) : 'gray'} variant="light" title="API budget" data-testid="budget-estimate" aria-live="polite">
      {plan.isPending ? (
        <Loader size="xs" aria-label="Estimating the API budget" />
      ) : plan.isError ? (
        <Text size="sm">Could not estimate what this schedule spends: {plan.error.message}</Text>
      ) : (
        <Stack gap={4}>
          <Text size="sm">{plan.data.summary}</Text>
          {plan.data.accounts.map((a) => (
            <Text key={a.account} size="xs" c="dimmed">
              {a.label}: {a.usedNow.toLocaleString()} of {a.limit.toLocaleString()} {a.unit} used {a.window.kind === 'daily' ? 'today' : `in the last ${a.window.hours ?? 24} hours`}, by every flow and app on it.
            </Text>
          ))}
        </Stack>
      )}
    </Alert>
  );
}
