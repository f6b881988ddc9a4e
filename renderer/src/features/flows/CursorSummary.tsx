// Where a flow is: its watermark per source entity on the connection's clock (and raw),
// the overlap each poll re-reads below it, and the time zone it assumes.
import { Text } from '@mantine/core';
import type { Cursor, Flow } from '../../../../preload/contract/index.ts';
import { useCall } from '../../api.ts';

/** "1 day", "10 min", "5 min", "1 s": how far below the watermark each read starts. */
export function formatOverlap(seconds: number): string {
  if (seconds === 0) return 'none';
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function describe(c: Cursor): string {
  if (c.window.stamp === 'none') return 'reads every record each run (the source has no change date)';
  const by = c.window.field ? ` by ${c.window.field}` : '';
  const overlap =
    c.window.stamp === 'date'
      ? `whole days${by}, from ${formatOverlap(c.window.overlapSeconds)} before`
      : c.window.overlapSeconds === 0
        ? `no overlap${by}`
        : `${formatOverlap(c.window.overlapSeconds)} overlap${by}`;
  return `${overlap}; watermark = run start − ${c.safetyLagSeconds} s`;
}

export function CursorSummary({ flow }: { flow: Flow }) {
  const cursors = useCall('flows:cursors', { flowId: flow.id });
  if (!cursors.data) return null;
  return (
    <>
      {cursors.data.map((c) => (
        <Text key={c.entity} size="xs" c="dimmed" aria-label={`Cursor of ${flow.name}${cursors.data.length > 1 ? ` (${c.entity})` : ''}`}>
          Cursor{cursors.data.length > 1 ? ` (${c.entity})` : ''}:{' '}
          <Text span size="xs" fw={600} c="var(--mantine-color-text)" title={c.raw ? `Stored as ${c.raw}${c.at ? ` (${c.at})` : ''}` : undefined}>
            {c.local ?? 'none yet (the first run reads everything)'}
          </Text>{' '}
          {c.raw && c.raw !== c.local ? <Text span size="xs" ff="monospace">({c.raw}) </Text> : null}
          {/* The one place the Flows page names the source's zone: beside the time it qualifies. */}
          {c.timeZoneFrom === 'utc' ? (
            c.timeZone
          ) : (
            <Text span size="xs" title="The source stamps changes in its server's local time; the flow reads them in this zone.">
              {c.timeZone} (the source’s time zone)
            </Text>
          )}{' '}
          · {describe(c)}
          {c.resumingFrom ? ` · resuming an interrupted read from ${c.resumingFrom}` : ''}
        </Text>
      ))}
    </>
  );
}
