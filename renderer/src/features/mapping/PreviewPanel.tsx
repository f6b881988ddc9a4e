// The mapping applied to 5 live sample records, before → after, with each record's errors. Follows the
// draft: a change to the mapping previews again after a short pause (only while the draft is valid).
import { Alert, Badge, Button, Card, Group, Loader, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import type { MappingInput } from '../../../../preload/contract/index.ts';
import { useCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';

function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v === '' ? '""' : v;
  return JSON.stringify(v);
}

function Fields({ values, label, highlight }: { values: Record<string, unknown>; label: string; highlight?: Set<string> }) {
  const entries = Object.entries(values);
  return (
    <Table fz="xs" verticalSpacing={2} withRowBorders={false} aria-label={label} layout="fixed">
      <Table.Tbody>
        {entries.length === 0 && (
          <Table.Tr>
            <Table.Td c="dimmed">nothing</Table.Td>
          </Table.Tr>
        )}
        {entries.map(([k, v]) => (
          <Table.Tr key={k} bg={highlight?.has(k) ? 'var(--mantine-color-red-light)' : undefined}>
            <Table.Td w="45%" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {k}
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{show(v)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The preview of the draft on live records, re-asked a moment after each change while the draft is valid. */
export function usePreview(flowId: string, mapping: MappingInput, valid: boolean) {
  const [mappingKey] = useDebouncedValue(JSON.stringify(mapping), 600);
  return useCall('flows:preview', { flowId, mapping: JSON.parse(mappingKey) as MappingInput, sample: 5 }, { enabled: valid, placeholderData: keepPreviousData, staleTime: 60_000, retry: false });
}

export function PreviewPanel({ preview, valid }: { preview: ReturnType<typeof usePreview>; valid: boolean }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="preview-title">
      <Group justify="space-between">
        <Group gap="xs">
          <Title order={3} size="h4" id="preview-title">
            Preview on 5 live records
          </Title>
          {preview.isFetching && <Loader size="xs" aria-label="Updating the preview" />}
        </Group>
        <Button size="xs" variant="default" onClick={() => void preview.refetch()} disabled={!valid}>
          Refresh preview
        </Button>
      </Group>
      {!valid && (
        <Alert color="yellow" variant="light">
          Fix the problems marked in red to see the preview.
        </Alert>
      )}
      {preview.isError &&
        (preview.error.code === 'BLACKOUT' ? (
          // Not a failure: the ERP's quiet time. The service's hint speaks of a run resuming, not of a preview.
          <Alert color="yellow" variant="light" title="No preview during the blackout window">
            <Text size="sm">{preview.error.message} The preview shows once the window is over (Refresh preview); the mapping can be edited and saved meanwhile.</Text>
          </Alert>
        ) : (
          <ErrorAlert error={preview.error} title="The preview could not run" />
        ))}
      {preview.data && preview.data.length === 0 && (
        <Text size="sm" c="dimmed">
          The source returned no sample records.
        </Text>
      )}
      <ScrollArea.Autosize mah="70vh" type="auto" offsetScrollbars>
        <Stack gap="sm" aria-live="polite">
          {preview.data?.map((row) => {
            const errorFields = new Set(row.errors.map((e) => e.field).filter((f): f is string => !!f));
            return (
              <Card key={row.sourceId} withBorder padding="xs" component="article" aria-label={`Preview of record ${row.sourceId}`}>
                <Group justify="space-between" mb={4}>
                  <Text size="sm" fw={600}>
                    {row.sourceId}
                  </Text>
                  <Badge size="sm" variant="light" color={row.errors.length ? 'red' : 'teal'}>
                    {row.errors.length ? `${row.errors.length} error${row.errors.length === 1 ? '' : 's'}` : 'ok'}
                  </Badge>
                </Group>
                {row.errors.map((e, i) => (
                  <Text key={i} size="xs" c="red" role="alert">
                    {e.field ? `${e.field}: ` : ''}
                    {e.message}
                  </Text>
                ))}
                <SimpleGrid cols={2} spacing="xs" mt={4}>
                  <div>
                    <Text size="xs" fw={600} tt="uppercase" c="dimmed">
                      Before (source)
                    </Text>
                    <Fields values={row.before} label={`Before, record ${row.sourceId}`} />
                  </div>
                  <div>
                    <Text size="xs" fw={600} tt="uppercase" c="dimmed">
                      After (sent)
                    </Text>
                    {row.after ? <Fields values={row.after} label={`After, record ${row.sourceId}`} highlight={errorFields} /> : <Text size="xs" c="red">not sent: the record fails</Text>}
                  </div>
                </SimpleGrid>
              </Card>
            );
          })}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  );
}
