// A second company of the same ERP into a CRM connection another company already writes into: both have
// a customer 1200, so this one's keys get a prefix of their own ("B2-1200") and their records never merge.
// Asked for only then; the service refuses a prefix that is missing, taken, or begins another's.
import { Alert, Stack, Text, TextInput } from '@mantine/core';
import type { Flow, IntegrationTemplate } from '../../../../preload/contract/index.ts';
import type { SideChoice } from './ConnectionStep.tsx';

/** Names of the other ERP connections whose flows of this template already write into the chosen CRM connection. */
export function companiesSharingCrm(template: IntegrationTemplate, erp: SideChoice, crm: SideChoice, flows: Flow[], connectionName: (id: string) => string): string[] {
  if (!template.keyPrefix || crm.kind !== 'saved') return [];
  const erpId = erp.kind === 'saved' ? erp.connection.id : null;
  const others = new Set<string>();
  for (const f of flows) {
    if (!f.template?.startsWith(`${template.id}/`)) continue;
    const [erpSide, crmSide] = f.destConnectionId === crm.connection.id ? [f.sourceConnectionId, f.destConnectionId] : [f.destConnectionId, f.sourceConnectionId];
    if (crmSide === crm.connection.id && erpSide !== erpId) others.add(connectionName(erpSide));
  }
  return [...others];
}

export function KeyPrefixInput({ others, crmName, value, onChange, error }: { others: string[]; crmName: string; value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <Alert color="blue" variant="light" title="This CRM already receives another company's records">
      <Stack gap="xs">
        <Text size="sm">
          {others.join(', ')} already {others.length === 1 ? 'writes' : 'write'} into {crmName}. Both companies may have a customer 1200: give this one a key
          prefix so its records stay separate (B2- makes its customer 1200 “B2-1200” in the CRM). It cannot be changed later.
        </Text>
        <TextInput
          label="Key prefix for this company"
          description="Up to 16 letters, digits and - _ . : — e.g. B2- or EU-"
          placeholder="B2-"
          withAsterisk
          w={280}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          spellCheck={false}
        />
      </Stack>
    </Alert>
  );
}
