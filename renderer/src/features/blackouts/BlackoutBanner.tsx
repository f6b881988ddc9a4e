// The dashboard's banner while an ERP is in a blackout window: which window, until when, and that its
// flows wait (nothing calls that ERP until then; Sync now asks first).
import { Alert, Stack, Text } from '@mantine/core';
import type { Connection, Flow } from '../../../../preload/contract/index.ts';
import { IconAlert } from '../../app/icons.tsx';
import { formatWindowTime } from './format.ts';

export function BlackoutBanner({ connections, flows }: { connections: readonly Connection[]; flows: readonly Flow[] }) {
  const open = connections.filter((c) => c.blackoutStatus.open);
  if (open.length === 0) return null;
  return (
    <Stack gap="xs" mb="lg" role="region" aria-label="Blackout windows">
      {open.map((c) => {
        const w = c.blackoutStatus.open!;
        const waiting = flows.filter((f) => f.waitingFor?.connectionId === c.id);
        return (
          <Alert key={c.id} color="yellow" variant="light" icon={<IconAlert />} title={`Waiting: ${c.name} blackout “${w.name}” until ${formatWindowTime(w.until, c.blackouts?.timeZone ?? 'UTC')}`}>
            <Text size="sm">
              {waiting.length === 0 ? 'No flow uses it.' : `${waiting.length === 1 ? '1 flow waits' : `${waiting.length} flows wait`}: ${waiting.map((f) => f.name).join(', ')}.`} Nothing calls {c.name} until the window ends; runs then start or resume from where they stopped. Sync now asks first.
            </Text>
          </Alert>
        );
      })}
    </Stack>
  );
}
