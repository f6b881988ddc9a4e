// Version, mode, data folder, secrets storage and update status, with "Check for updates".
import { Badge, Button, Code, CopyButton, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { AppInfo } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';

const updateColours: Record<AppInfo['update']['status'], string> = {
  disabled: 'gray',
  idle: 'gray',
  checking: 'blue',
  available: 'yellow',
  downloading: 'blue',
  ready: 'teal',
  error: 'red',
  'not-available': 'teal',
};
const updateLabels: Record<AppInfo['update']['status'], string> = {
  disabled: 'update checks off',
  idle: 'not checked yet',
  checking: 'checking…',
  available: 'update available',
  downloading: 'downloading',
  ready: 'ready to install on restart',
  error: 'check failed',
  'not-available': 'up to date',
};

export function AboutCard({ info }: { info: AppInfo }) {
  const check = useMutationCall('settings:checkForUpdates', { invalidates: ['settings'] });
  const update = check.data ?? info.update;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h5">
          About this installation
        </Title>
        <Table variant="vertical" layout="fixed" fz="sm" aria-label="About this installation">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={150}>Version</Table.Th>
              <Table.Td>{info.version}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Mode</Table.Th>
              <Table.Td>{info.mode === 'desktop' ? 'Desktop app' : 'Headless service'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Data folder</Table.Th>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Code style={{ overflowWrap: 'anywhere' }}>{info.dataDir}</Code>
                  <CopyButton value={info.dataDir}>
                    {({ copied, copy }) => (
                      // Wide enough for "Copied" so the row does not jump, and never squeezed by a long path.
                      <Button size="compact-xs" variant="subtle" onClick={copy} miw={64} style={{ flexShrink: 0 }}>
                        {copied ? 'Copied' : 'Copy'}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Secrets</Table.Th>
              <Table.Td>{info.secretsBackend === 'safe-storage' ? 'Operating-system keychain (safeStorage)' : 'Encrypted key file in the data folder (AES-256-GCM)'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Updates</Table.Th>
              <Table.Td>
                <Stack gap={4}>
                  <Group gap="xs">
                    <Badge variant="light" color={updateColours[update.status]}>
                      {updateLabels[update.status]}
                    </Badge>
                    {update.version && <Text size="sm">version {update.version}</Text>}
                  </Group>
                  {update.message && (
                    <Text size="xs" c="dimmed">
                      {update.message}
                    </Text>
                  )}
                  {update.checkedAt && (
                    <Text size="xs" c="dimmed">
                      Last checked {formatDateTime(update.checkedAt)}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Button variant="default" w="fit-content" onClick={() => check.mutate({})} loading={check.isPending} disabled={update.status === 'disabled'}>
          Check for updates
        </Button>
        {check.isError && <ErrorAlert error={check.error} title="Could not check for updates" />}
      </Stack>
    </Paper>
  );
}
