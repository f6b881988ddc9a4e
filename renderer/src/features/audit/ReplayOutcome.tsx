// What a replay did: how many records now went through, and each one that still fails with why.
import { Alert, List, Text } from '@mantine/core';
import type { OutputOf } from '../../../../preload/contract/index.ts';

export function ReplayOutcome({ outcome }: { outcome: OutputOf<'audit:replay'> }) {
  const failed = outcome.results.filter((r) => r.action === 'failed');
  const ok = outcome.results.length - failed.length;
  if (outcome.results.length === 0) {
    return (
      <Alert color="gray" variant="light" role="status" title="Nothing to replay">
        No failed events matched.
      </Alert>
    );
  }
  return (
    <Alert color={failed.length === 0 ? 'teal' : ok === 0 ? 'red' : 'yellow'} variant="light" role="status" title={`Replayed ${outcome.results.length}: ${ok} succeeded, ${failed.length} failed`}>
      {ok > 0 && (
        <Text size="sm">
          {Object.entries(
            outcome.results
              .filter((r) => r.action !== 'failed')
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
