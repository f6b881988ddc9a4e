// Edit an ERP connection's blackout windows: weekly ("every day 22:00–23:30", "Fridays 18:00–20:00"),
// on dates, or at month end (last day / last business day), in one time zone. The service validates
// (connections:setBlackouts); a refused window is named with the field at fault and nothing is saved.
import { ActionIcon, Alert, Button, Card, Chip, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { BLACKOUT_DAYS, type BlackoutWindow, type Connection } from '../../../../preload/contract/index.ts';
import { isApiCallError, useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';

type Day = (typeof BLACKOUT_DAYS)[number];
const DAY_LABELS: Record<Day, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const KINDS = [
  { value: 'weekly', label: 'Every week on' },
  { value: 'dates', label: 'On dates' },
  { value: 'monthEnd', label: 'At month end' },
];

/** One window as the form holds it: every kind's fields, so switching kind keeps what was typed. */
interface Draft {
  name: string;
  kind: BlackoutWindow['kind'];
  days: Day[];
  dates: string;
  monthEnd: 'lastDay' | 'lastBusinessDay';
  start: string;
  end: string;
}

const draftOf = (w: BlackoutWindow): Draft => ({
  name: w.name,
  kind: w.kind,
  days: w.kind === 'weekly' ? [...w.days] : [],
  dates: w.kind === 'dates' ? w.dates.join(', ') : '',
  monthEnd: w.kind === 'monthEnd' ? w.day : 'lastBusinessDay',
  start: w.start,
  end: w.end,
});

const emptyDraft = (): Draft => ({ name: '', kind: 'weekly', days: [...BLACKOUT_DAYS], dates: '', monthEnd: 'lastBusinessDay', start: '22:00', end: '23:30' });

function windowOf(d: Draft): BlackoutWindow {
  const common = { name: d.name, start: d.start.trim(), end: d.end.trim() };
  if (d.kind === 'weekly') return { kind: 'weekly', days: d.days, ...common };
  if (d.kind === 'dates') return { kind: 'dates', dates: d.dates.split(/[\s,]+/).filter(Boolean), ...common };
  return { kind: 'monthEnd', day: d.monthEnd, ...common };
}

/** The zone a new set of windows starts in: the connection's own when it has one, else this browser's. */
function defaultZone(connection: Connection): string {
  const own = connection.settings['timeZone'];
  return typeof own === 'string' && own ? own : Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "Window 2 (Day End), end: the window ends when it starts…" from the service's field path. */
function describeRefusal(error: unknown, drafts: Draft[]): string | null {
  if (!isApiCallError(error) || error.code !== 'INVALID_INPUT' || !error.path) return null;
  const [, where, index, field, item] = error.path;
  const issue = (error.data?.['issues'] as { message: string }[] | undefined)?.[0]?.message ?? error.message;
  if (where === 'timeZone') return `Time zone: ${issue}.`;
  if (where !== 'windows' || typeof index !== 'number') return null;
  const name = drafts[index]?.name.trim();
  return `Window ${index + 1}${name ? ` (${name})` : ''}, ${String(field ?? 'window')}${typeof item === 'number' ? ` ${item + 1}` : ''}: ${issue}.`;
}

export function BlackoutWindowsModal({ connection, onClose }: { connection: Connection; onClose: () => void }) {
  const [timeZone, setTimeZone] = useState(connection.blackouts?.timeZone ?? defaultZone(connection));
  const [drafts, setDrafts] = useState<Draft[]>(connection.blackouts?.windows.map(draftOf) ?? []);
  const save = useMutationCall('connections:setBlackouts', { onSuccess: onClose });
  // An edit answers a refusal: it goes until the next Save.
  const edited = (next: (ds: Draft[]) => Draft[]) => {
    save.reset();
    setDrafts(next);
  };
  const change = (i: number, patch: Partial<Draft>) => edited((ds) => ds.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const refusal = save.isError ? describeRefusal(save.error, drafts) : null;

  return (
    <Modal opened onClose={onClose} title={`Blackout windows: ${connection.name}`} size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          While a window is open ml-connector does not call {connection.name}: scheduled and webhook runs wait and start when it ends, a run that meets one pauses and resumes where it stopped, dry runs and the hourly reconcile wait, a replay or a Reconcile by hand that would call it is refused until the window ends, and Sync now asks first. Times are on the zone&apos;s clock, daylight saving included: a window is open whenever that clock shows a time inside it.
        </Text>
        <TextInput label="Time zone" description="IANA name, e.g. Europe/Zurich or America/New_York" value={timeZone} onChange={(e) => setTimeZone(e.currentTarget.value)} w={320} />
        {drafts.length === 0 && (
          <Text size="sm" c="dimmed">
            No windows: ml-connector may call {connection.name} at any time.
          </Text>
        )}
        {drafts.map((d, i) => (
          <Card key={i} withBorder padding="sm" component="fieldset" aria-label={`Window ${i + 1}`}>
            <Stack gap="xs">
              <Group align="flex-end" wrap="wrap">
                <TextInput label="Name" placeholder="Day End" value={d.name} onChange={(e) => change(i, { name: e.currentTarget.value })} w={180} />
                <Select label="Repeats" data={KINDS} value={d.kind} onChange={(v) => v && change(i, { kind: v as Draft['kind'] })} allowDeselect={false} w={170} />
                <TextInput label="From" placeholder="22:00" value={d.start} onChange={(e) => change(i, { start: e.currentTarget.value })} w={90} />
                <TextInput label="Until" placeholder="23:30" value={d.end} onChange={(e) => change(i, { end: e.currentTarget.value })} w={90} />
                <ActionIcon variant="subtle" color="red" size="lg" onClick={() => edited((ds) => ds.filter((_, j) => j !== i))} aria-label={`Remove window ${i + 1}`}>
                  ×
                </ActionIcon>
              </Group>
              {d.kind === 'weekly' && (
                <Chip.Group multiple value={d.days} onChange={(v) => change(i, { days: BLACKOUT_DAYS.filter((x) => v.includes(x)) })}>
                  <Group gap={6} role="group" aria-label={`Days of window ${i + 1}`}>
                    {BLACKOUT_DAYS.map((day) => (
                      <Chip key={day} value={day} size="xs">
                        {DAY_LABELS[day]}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
              )}
              {d.kind === 'dates' && <TextInput label="Dates" description="YYYY-MM-DD, separated by commas" placeholder="2026-12-31, 2027-01-29" value={d.dates} onChange={(e) => change(i, { dates: e.currentTarget.value })} />}
              {d.kind === 'monthEnd' && (
                <Select
                  label="Day"
                  data={[
                    { value: 'lastBusinessDay', label: 'Last business day (Monday to Friday)' },
                    { value: 'lastDay', label: 'Last day of the month' },
                  ]}
                  value={d.monthEnd}
                  onChange={(v) => v && change(i, { monthEnd: v as Draft['monthEnd'] })}
                  allowDeselect={false}
                  w={320}
                />
              )}
              <Text size="xs" c="dimmed">
                An end at or before the start runs past midnight into the next day; 00:00–24:00 is the whole day.
              </Text>
            </Stack>
          </Card>
        ))}
        <Group>
          <Button variant="light" onClick={() => edited((ds) => [...ds, emptyDraft()])}>
            Add a window
          </Button>
        </Group>
        {refusal ? (
          <Alert color="red" variant="light" role="alert" title="Not saved">
            {refusal}
          </Alert>
        ) : (
          save.isError && <ErrorAlert error={save.error} title="Not saved" />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => save.mutate({ id: connection.id, blackouts: drafts.length ? { timeZone: timeZone.trim(), windows: drafts.map(windowOf) } : null })} loading={save.isPending}>
            Save windows
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
