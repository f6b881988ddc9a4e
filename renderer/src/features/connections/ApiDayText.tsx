// Under a HubSpot connection on the Connections page: the time zone whose midnight resets the portal's
// daily API limit (the day the dashboard's budget and every pause for it run on), or, when HubSpot gave
// none ml-connector can use, that it counts in UTC and why.
import { Stack, Text } from '@mantine/core';
import type { BudgetUsageView, Connection } from '../../../../preload/contract/index.ts';
import { apiDayOf } from './apiDay.ts';

export function ApiDayText({ connection, usage }: { connection: Connection; usage: BudgetUsageView | undefined }) {
  const day = apiDayOf(connection, usage);
  if (!day) return null;
  const label = `API day of ${connection.name}`;
  if (!day.known)
    return (
      <Text size="xs" c="dimmed" mt={4} aria-label={label}>
        Daily API limit: the portal’s time zone is read at the next Test connection or sync.
      </Text>
    );
  // The account by its one name once its budget is counted (as the dashboard's card says it).
  const limit = day.account ? `Daily API limit of ${day.account}` : 'Daily API limit';
  if (!day.note)
    return (
      <Text size="xs" c="dimmed" mt={4} aria-label={label}>
        {limit} resets at midnight {day.timeZone} (the portal’s time zone)
      </Text>
    );
  return (
    <Stack gap={0} mt={4} aria-label={label}>
      <Text size="xs" c="yellow.8" fw={600}>
        {limit} counted in {day.timeZone} days — could not learn the portal’s time zone
      </Text>
      <Text size="xs" c="dimmed" maw={420}>
        {day.note}
      </Text>
    </Stack>
  );
}
