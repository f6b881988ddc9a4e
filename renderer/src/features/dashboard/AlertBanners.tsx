// Alerts from the service (IIS timeouts, CRM API budget nearly spent, a changed certificate…), each
// saying what to do; dismissing one hides it for everyone.
import { Alert, Stack, Text } from '@mantine/core';
import type { Alert as AlertView } from '../../../../preload/contract/index.ts';
import { useCall, useMutationCall } from '../../api.ts';
import { formatRelative } from '../../app/format.ts';
import { IconAlert } from '../../app/icons.tsx';
import { notifyError } from '../../app/notify.ts';

const colours: Record<AlertView['severity'], string> = { info: 'blue', warning: 'yellow', error: 'red' };

export function AlertBanners() {
  const alerts = useCall('settings:alerts', { includeDismissed: false });
  const dismiss = useMutationCall('settings:dismissAlert', { onError: (e) => notifyError('Could not dismiss the alert', e) });
  const list = (alerts.data ?? []).filter((a) => !a.dismissed);
  if (list.length === 0) return null;
  return (
    <Stack gap="xs" mb="lg" aria-label="Alerts" role="region">
      {list.map((a) => (
        <Alert
          key={a.id}
          color={colours[a.severity]}
          variant="light"
          icon={<IconAlert />}
          title={a.message}
          withCloseButton
          closeButtonLabel="Dismiss alert"
          onClose={() => dismiss.mutate({ id: a.id })}
        >
          {a.hint && <Text size="sm">{a.hint}</Text>}
          {/* The code is for support (hover), not for the admin to read. */}
          <Text size="xs" c="dimmed" mt={4} title={a.code}>
            {formatRelative(a.at)}
          </Text>
        </Alert>
      ))}
    </Stack>
  );
}
