// A newer template version's changes to an integration's flows, as a three-way diff: what the template
// said when the flow was built, what it says now, and the flow as it is. Each change is taken only when
// ticked; a part the admin edited ("You edited this") starts unticked and stays theirs unless they tick it.
// "Apply to this flow" decides that flow's changes, "Apply all" every change shown (unticked = keep yours).
import { Badge, Button, Checkbox, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { FlowUpgrade, TemplateUpgrade, UpgradeChange, UpgradeDecision } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';

const kindLabels: Record<UpgradeChange['kind'], string> = {
  flowAdded: 'new flow',
  ruleAdded: 'rule added',
  ruleChanged: 'rule changed',
  ruleRemoved: 'rule removed',
  keyChanged: 'key changed',
  filterChanged: 'filter changed',
  scheduleChanged: 'schedule changed',
  settingChanged: 'setting changed',
};

const Value = ({ text }: { text: string | null }) =>
  text === null ? (
    <Text size="xs" c="dimmed" fs="italic">
      none
    </Text>
  ) : (
    <Text size="xs" ff="monospace" style={{ wordBreak: 'break-word' }}>
      {text}
    </Text>
  );

function FlowChanges({ flow, taken, onToggle }: { flow: FlowUpgrade; taken: Set<string>; onToggle: (id: string) => void }) {
  return (
    <Table verticalSpacing={6} aria-label={`Template changes to ${flow.flowName}`} layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={70}>Take</Table.Th>
          <Table.Th w="22%">Change</Table.Th>
          <Table.Th>Template before</Table.Th>
          <Table.Th>Template now</Table.Th>
          <Table.Th>Your flow</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {flow.changes.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Td>
              <Checkbox
                checked={taken.has(c.id)}
                onChange={() => onToggle(c.id)}
                aria-label={c.kind === 'flowAdded' ? `Create the flow ${flow.flowName}` : `Take the template's ${c.label} for ${flow.flowName}`}
              />
            </Table.Td>
            <Table.Td>
              <Text size="sm" fw={500}>
                {c.label}
              </Text>
              <Group gap={4} mt={2}>
                <Badge size="xs" variant="light" color="gray">
                  {kindLabels[c.kind]}
                </Badge>
                {c.conflict && (
                  <Badge size="xs" variant="light" color="orange" title="You changed this since the flow was built: it stays as you have it unless you tick it.">
                    You edited this
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>{c.kind === 'flowAdded' ? <Value text={null} /> : <Value text={c.before} />}</Table.Td>
            <Table.Td>{c.kind === 'flowAdded' ? <Text size="xs">{c.template}</Text> : <Value text={c.template} />}</Table.Td>
            <Table.Td>{c.kind === 'flowAdded' ? <Value text={null} /> : <Value text={c.current} />}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function TemplateUpgradeDialog({ upgrade, opened, onClose }: { upgrade: TemplateUpgrade; opened: boolean; onClose: () => void }) {
  // Ticked: every clean change; a part the admin edited stays theirs unless they tick it.
  const [taken, setTaken] = useState(() => new Set(upgrade.flows.flatMap((f) => f.changes.filter((c) => !c.conflict).map((c) => c.id))));
  const apply = useMutationCall('flows:applyTemplateUpgrade', { onSuccess: (r) => r.remaining === null && onClose() });
  const toggle = (id: string) =>
    setTaken((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const decide = (flows: FlowUpgrade[]) => {
    const decisions: UpgradeDecision[] = flows.flatMap((f) => f.changes.map((c) => ({ change: c.id, take: taken.has(c.id) ? ('template' as const) : ('mine' as const) })));
    apply.mutate({ upgradeId: upgrade.id, decisions });
  };
  return (
    <Modal opened={opened} onClose={onClose} size="90rem" title={`Template update: ${upgrade.label}`}>
      <Stack>
        <Text size="sm">
          Version {upgrade.toVersion} of the template changes these flows. Ticked changes are taken from the template; unticked ones keep your flow as it is. Parts you edited
          yourself start unticked.
        </Text>
        {apply.data && (
          <Text size="sm" role="status">
            Took {apply.data.applied.length} change{apply.data.applied.length === 1 ? '' : 's'} from the template and kept {apply.data.kept.length} as you had {apply.data.kept.length === 1 ? 'it' : 'them'}.
          </Text>
        )}
        {apply.isError && <ErrorAlert error={apply.error} title="Could not apply the template update" />}
        {upgrade.flows.map((f) => (
          <Stack key={f.flowId ?? f.flowKey} gap={4} component="section" aria-label={f.flowName}>
            <Group justify="space-between">
              <Title order={5}>
                {f.flowName}
                {f.fromVersion !== null && (
                  <Text span size="xs" c="dimmed" ml="xs">
                    built from version {f.fromVersion}
                  </Text>
                )}
              </Title>
              <Button size="compact-sm" variant="light" loading={apply.isPending} onClick={() => decide([f])} aria-label={`Apply to ${f.flowName}`}>
                Apply to this flow
              </Button>
            </Group>
            <FlowChanges flow={f} taken={taken} onToggle={toggle} />
          </Stack>
        ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Later
          </Button>
          <Button loading={apply.isPending} onClick={() => decide(upgrade.flows)}>
            Apply all
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
