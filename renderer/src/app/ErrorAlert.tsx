// A failed call shown the way the service meant it: what happened, and what to do about it (hint).
import { Alert, Button, Code, Group, Text } from '@mantine/core';
import { isApiCallError } from '../api.ts';
import { IconAlert } from './icons.tsx';

export function ErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const apiError = isApiCallError(error) ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" variant="light" role="alert" title={title ?? 'Something went wrong'} icon={<IconAlert />}>
      <Text size="sm">{message}</Text>
      {apiError?.hint && (
        <Text size="sm" mt={4} fw={500}>
          {apiError.hint}
        </Text>
      )}
      <Group mt="xs" gap="xs">
        {apiError && (
          <Code fz="xs" c="dimmed">
            {apiError.code}
          </Code>
        )}
        {onRetry && (
          <Button size="compact-xs" variant="subtle" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}
