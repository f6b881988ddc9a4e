// A connection's blackout at a glance on the Connections page: the window open now (until when) and the
// next one to come, on the windows' own clock.
import { Stack, Text } from '@mantine/core';
import type { Connection } from '../../../../preload/contract/index.ts';
import { formatWindowRange, formatWindowTime } from './format.ts';

export function BlackoutStatusText({ connection }: { connection: Connection }) {
  const { open, next } = connection.blackoutStatus;
  const zone = connection.blackouts?.timeZone ?? 'UTC';
  if (!open && !next) return null;
  return (
    <Stack gap={0} mt={4} aria-label={`Blackout of ${connection.name}`}>
      {open && (
        <Text size="xs" c="yellow.8" fw={600}>
          Blackout now: “{open.name}” until {formatWindowTime(open.until, zone)}
        </Text>
      )}
      {next && (
        <Text size="xs" c="dimmed">
          Next blackout: “{next.name}” {formatWindowRange(next.start, next.end, zone)} ({zone})
        </Text>
      )}
    </Stack>
  );
}
