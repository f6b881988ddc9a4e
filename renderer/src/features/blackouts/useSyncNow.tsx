// Sync now that asks first inside a blackout window. The service refuses a Sync now while a flow's ERP
// is in one (BLACKOUT, saying which window and until when); the admin then sees what syncing anyway
// does and may confirm it, which sends the same call with `force: true`.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { InputOf } from '../../../../preload/contract/index.ts';
import { isApiCallError, useMutationCall, type ApiCallError } from '../../api.ts';

type SyncInput = InputOf<'runs:syncNow'>;

/** What syncing anyway does, in the UI's words (the service's hint speaks of `force` and `--force`). */
function consequence(error: ApiCallError): string {
  const flows = (error.data?.['flows'] as { connectionName: string; window: string }[] | undefined) ?? [];
  const erps = [...new Set(flows.map((f) => `${f.connectionName} during “${f.window}”`))].join(' and ') || 'the ERP during its window';
  return `Sync anyway starts the run now and calls ${erps}, for this run only. Scheduled runs keep waiting and start by themselves when the window ends.`;
}

export function useSyncNow(onError: (e: ApiCallError) => void): { sync: (input: SyncInput) => void; pending: boolean; confirm: ReactNode } {
  const [question, setQuestion] = useState<{ input: SyncInput; error: ApiCallError } | null>(null);
  const mutation = useMutationCall('runs:syncNow', {
    onError: (e, input) => (isApiCallError(e) && e.code === 'BLACKOUT' && !input.force ? setQuestion({ input, error: e }) : onError(e)),
  });
  const confirm = (
    <Modal opened={question !== null} onClose={() => setQuestion(null)} title="Sync during a blackout window?">
      {question && (
        <Stack>
          <Text size="sm">{question.error.message}</Text>
          <Text size="sm" fw={500}>
            {consequence(question.error)}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setQuestion(null)}>
              Not now
            </Button>
            <Button
              color="yellow"
              onClick={() => {
                mutation.mutate({ ...question.input, force: true });
                setQuestion(null);
              }}
            >
              Sync anyway
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
  return { sync: (input) => mutation.mutate(input), pending: mutation.isPending, confirm };
}
