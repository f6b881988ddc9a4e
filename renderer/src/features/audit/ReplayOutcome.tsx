// What a replay did: what it sent (stored payloads or records re-read from the source), how many records
// now went through, each one that still fails with why, and what was not sent and why (already resolved).
import { Alert, List, Text } from '@mantine/core';
import type { OutputOf } from '../../../../preload/contract/index.ts';

export function ReplayOutcome({ outcome }: { outcome: OutputOf<'audit:replay'> }) {
  // Nothing sent (already resolved, gone from the source) is said so, not counted as a replay.
  const notSent = outcome.results.filter((r) => r.sent === null);
  const sent = outcome.results.filter((r) => r.sent !== null);
  const failed = sent.filter((r) => r.action === 'failed');
  const ok = sent.length - failed.length;
  const reread = sent.filter((r) => r.sent === 'reread').length;
  const notes = [...new Set(sent.map((r) => r.note).filter((n): n is string => Boolean(n)))];
  if (outcome.results.length === 0) {
    return (
      <Alert color="gray" variant="light" role="status" title="Nothing to replay">
        No failed events matched.
      </Alert>
    );
  }
  if (sent.length === 0) {
    return (
      <Alert color="gray" variant="light" role="status" title={`Nothing replayed (${notSent.length})`}>
        <List size="sm" spacing={4}>
          {notSent.slice(0, 10).map((r) => (
            <List.Item key={r.eventId}>
              Event {r.eventId}: {r.note}
            </List.Item>
          ))}
        </List>
      </Alert>
    );
  }
  return (
    <Alert color={failed.length === 0 ? 'teal' : ok === 0 ? 'red' : 'yellow'} variant="light" role="status" title={`Replayed ${sent.length}: ${ok} succeeded, ${failed.length} failed`}>
      <Text size="sm">
        Sent: {[reread && `${reread} re-read from the source`, sent.length - reread && `${sent.length - reread} stored payload${sent.length - reread === 1 ? '' : 's'}`].filter(Boolean).join(' · ')}
        {notSent.length > 0 && ` · ${notSent.length} not sent (${[...new Set(notSent.map((r) => r.note))].join(' ')})`}
      </Text>
      {notes.map((n) => (
        <Text size="sm" key={n}>
          {n}
        </Text>
      ))}
      {ok > 0 && (
        <Text size="sm">
          {Object.entries(
            outcome.results
              .filter((r) => r.sent !== null && r.action !== 'failed')
              .reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.action]: (acc[r.action] ?? 0) + 1 }), {}),
          )
            .map(([action, n]) => `${n} ${action}`)
            .join(' · ')}
        </Text>
      )}
      {failed.length > 0 && (
        <List size="sm" mt="xs" spacing={4}>
          {failed.slice(0, 10).map((r) => (
            <List.Item key={r.eventId}>
              Event {r.eventId}: {r.error?.message ?? 'failed'}
              {r.error?.hint ? ` — ${r.error.hint}` : ''}
            </List.Item>
          ))}
          {failed.length > 10 && <List.Item>…and {failed.length - 10} more (filter on “failed” to see them).</List.Item>}
        </List>
      )}
    </Alert>
  );
}
