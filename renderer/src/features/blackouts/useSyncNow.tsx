// Starting runs that asks first inside a blackout window. The service refuses runs:syncNow while a
// flow's ERP is in one (BLACKOUT, with each waiting flow's connection, window and end in its data); the
// admin then reads which window holds what and until when, and what going ahead does, and may confirm
// it, which sends the same call with `force: true`. Sync now, the wizard's Start syncing and the
// mapping's Apply to all records ask alike, each in its own words.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { Connection, InputOf, OutputOf } from '../../../../preload/contract/index.ts';
import { isApiCallError, useCall, useMutationCall, type ApiCallError } from '../../api.ts';
import { formatWindowTime } from './format.ts';

type SyncInput = InputOf<'runs:syncNow'>;
type Waiting = { flowName: string; connectionId: string; connectionName: string; window: string; until: string };

/** How one action asks: its title, its two answers, and what going ahead does (given the ERPs and windows). */
export interface BlackoutQuestion {
  title: string;
  confirm: string;
  decline: string;
  consequence: (during: string) => string;
}

export const SYNC_NOW_QUESTION: BlackoutQuestion = {
  title: 'Sync during a blackout window?',
  confirm: 'Sync anyway',
  decline: 'Not now',
  consequence: (during) => `Sync anyway starts the run now and calls ${during}, for this run only. Scheduled runs keep waiting and start by themselves when the window ends.`,
};

const waitingOf = (error: ApiCallError) => (error.data?.['flows'] as Waiting[] | undefined) ?? [];

/** `Sage 300 is in its blackout window "Day End" until 23:30: "Customers" would call it during the window.`, per window. */
export function blackoutSituation(waiting: readonly Waiting[], connections: readonly Connection[] | undefined): string {
  const byWindow = new Map<string, Waiting[]>();
  for (const w of waiting) byWindow.set(`${w.connectionId}\n${w.window}`, [...(byWindow.get(`${w.connectionId}\n${w.window}`) ?? []), w]);
  return [...byWindow.values()]
    .map((ws) => {
      const { connectionId, connectionName, window, until } = ws[0]!;
      const zone = connections?.find((c) => c.id === connectionId)?.blackouts?.timeZone ?? 'UTC';
      const who = ws.length === 1 ? `"${ws[0]!.flowName}" would call it` : `${ws.length} flows would call it (${ws.map((w) => w.flowName).join(', ')})`;
      return `${connectionName} is in its blackout window "${window}" until ${formatWindowTime(until, zone)}: ${who} during the window.`;
    })
    .join(' ');
}

/** `Sage 300 during “Day End”`: what going ahead calls, and when. */
const during = (waiting: readonly Waiting[]) => [...new Set(waiting.map((w) => `${w.connectionName} during “${w.window}”`))].join(' and ') || 'the ERP during its window';

export interface SyncNowOptions {
  question?: BlackoutQuestion;
  onSuccess?: (runs: OutputOf<'runs:syncNow'>) => void;
  /** The admin chose to wait for the window's end. */
  onDecline?: () => void;
}

export function useSyncNow(onError: (e: ApiCallError) => void, { question = SYNC_NOW_QUESTION, onSuccess, onDecline }: SyncNowOptions = {}): { sync: (input: SyncInput) => void; pending: boolean; confirm: ReactNode } {
  const [asking, setAsking] = useState<{ input: SyncInput; waiting: Waiting[] } | null>(null);
  const connections = useCall('connections:list', {});
  const mutation = useMutationCall('runs:syncNow', {
    onSuccess,
    onError: (e, input) => (isApiCallError(e) && e.code === 'BLACKOUT' && !input.force ? setAsking({ input, waiting: waitingOf(e) }) : onError(e)),
  });
  const decline = () => {
    setAsking(null);
    onDecline?.();
  };
  const confirm = (
    <Modal opened={asking !== null} onClose={decline} title={question.title}>
      {asking && (
        <Stack>
          <Text size="sm">{blackoutSituation(asking.waiting, connections.data)}</Text>
          <Text size="sm" fw={500}>
            {question.consequence(during(asking.waiting))}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={decline}>
              {question.decline}
            </Button>
            <Button
              color="yellow"
              onClick={() => {
                mutation.mutate({ ...asking.input, force: true });
                setAsking(null);
              }}
            >
              {question.confirm}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
  return { sync: (input) => mutation.mutate(input), pending: mutation.isPending, confirm };
}
