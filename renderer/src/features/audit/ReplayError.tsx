// Why a replay did not run. Inside a blackout window of an ERP it would call, the service refuses it at
// once (BLACKOUT, the window's end): no failure, the ERP's quiet time, shown as the mapping preview shows
// its own — the service's message says until when, its hint that nothing was sent and what to do. A
// replay writes, so unlike a dry run it is not asked again by itself at the window's end.
import { Alert, Text } from '@mantine/core';
import type { ApiCallError } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { refusedUntil } from '../flows/useDryRunOutsideWindows.ts';

export function ReplayError({ error }: { error: ApiCallError }) {
  if (refusedUntil(error) === null) return <ErrorAlert error={error} title="Replay could not run" />;
  return (
    <Alert color="yellow" variant="light" role="alert" title="Not replayed during the blackout window">
      <Text size="sm">{error.message}</Text>
      {error.hint && (
        <Text size="sm" mt={4}>
          {error.hint}
        </Text>
      )}
    </Alert>
  );
}
