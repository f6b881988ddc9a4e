// Step 5: everything the wizard will create (and, for a second company into the same CRM, its key prefix), then Create.
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { IntegrationTemplate, SystemInfo } from '../../../../preload/contract/index.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatSchedule } from '../../app/format.ts';
import type { SideChoice } from './ConnectionStep.tsx';
import type { FlowChoices } from './FlowsStep.tsx';
import { KeyPrefixInput } from './KeyPrefixInput.tsx';
import { isApiCallError } from '../../api.ts';

/** The service's refusal of a key prefix, shown under the prefix input instead of as a general error. */
function prefixError(error: unknown): string | undefined {
  return isApiCallError(error) && error.code.startsWith('KEY_PREFIX') ? [error.message, error.hint].filter(Boolean).join(' ') : undefined;
}

function ConnectionSummary({ side, system }: { side: SideChoice; system: SystemInfo }) {
  if (side.kind === 'saved') {
    return (
      <Text size="sm">
        {side.connection.name} <Text span c="dimmed">(saved {system.label} connection)</Text>
      </Text>
    );
  }
  const check = side.check;
  return (
    <Group gap="xs">
      <Text size="sm">
        {side.input.name} <Text span c="dimmed">(new {system.label} connection; secrets stored encrypted)</Text>
      </Text>
      <Badge size="sm" variant="light" color={check?.ok ? 'teal' : check ? 'red' : 'gray'}>
        {check?.ok ? 'test passed' : check ? 'test failed' : 'not tested'}
      </Badge>
    </Group>
  );
}

interface Props {
  /** Set when another company already writes into the chosen CRM connection: this one needs a key prefix. */
  keyPrefix: { others: string[]; crmName: string; value: string; onChange: (v: string) => void } | null;
  template: IntegrationTemplate;
  erpSystem: SystemInfo;
  crmSystem: SystemInfo;
  erp: SideChoice;
  crm: SideChoice;
  flows: FlowChoices;
  creating: boolean;
  error: unknown;
  onBack: () => void;
  onCreate: () => void;
}

export function ReviewStep({ keyPrefix, template, erpSystem, crmSystem, erp, crm, flows, creating, error, onBack, onCreate }: Props) {
  const chosen = template.flows.filter((f) => flows[f.key]?.selected);
  return (
    <Stack gap="md">
      <Table variant="vertical" withTableBorder layout="fixed" aria-label="Summary">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={180}>Integration</Table.Th>
            <Table.Td>{template.label}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>ERP</Table.Th>
            <Table.Td>
              <ConnectionSummary side={erp} system={erpSystem} />
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>CRM</Table.Th>
            <Table.Td>
              <ConnectionSummary side={crm} system={crmSystem} />
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Flows</Table.Th>
            <Table.Td>
              <Stack gap={2}>
                {chosen.map((f) => (
                  <Text size="sm" key={f.key}>
                    {f.name} — {formatSchedule(flows[f.key]!.schedule)}
                  </Text>
                ))}
              </Stack>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed">
        The flows are created paused: next you can dry-run them — nothing is written to either system — and then start syncing. The first run copies every record, later runs only what changed.
      </Text>
      {keyPrefix && <KeyPrefixInput {...keyPrefix} error={prefixError(error)} />}
      {error && !prefixError(error) ? <ErrorAlert error={error} title="Could not create the integration" /> : null}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} disabled={creating}>
          Back
        </Button>
        <Button onClick={onCreate} loading={creating} disabled={keyPrefix !== null && keyPrefix.value.trim() === ''}>
          Create integration
        </Button>
      </Group>
    </Stack>
  );
}
