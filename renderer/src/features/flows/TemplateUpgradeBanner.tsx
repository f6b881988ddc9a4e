// "Template update available": one banner per integration whose flows were built from an older version
// of its template, saying how much changes and how much of it the admin edited, with the way to review it.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { TemplateUpgrade } from '../../../../preload/contract/index.ts';
import { useCall } from '../../api.ts';
import { TemplateUpgradeDialog } from './TemplateUpgradeDialog.tsx';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function summary(u: TemplateUpgrade): string {
  const changes = u.flows.flatMap((f) => f.changes);
  const added = changes.filter((c) => c.kind === 'flowAdded').length;
  const changed = u.flows.filter((f) => f.flowId !== null).length;
  const edited = changes.filter((c) => c.conflict).length;
  const parts = [changed ? `changes ${plural(changed, 'flow')}` : null, added ? `adds ${plural(added, 'flow')}` : null].filter(Boolean).join(' and ');
  return `Version ${u.toVersion} ${parts} (${plural(changes.length, 'change')}${edited ? `, ${edited} in parts you edited` : ''}). Nothing changes until you apply it.`;
}

export function TemplateUpgradeBanner() {
  const upgrades = useCall('flows:templateUpgrades', {});
  const [open, setOpen] = useState<string | null>(null);
  const list = upgrades.data ?? [];
  if (!list.length) return null;
  const opened = list.find((u) => u.id === open);
  return (
    <Stack gap="xs" mb="lg" role="region" aria-label="Template updates">
      {list.map((u) => (
        <Alert key={u.id} color="blue" variant="light" title={`Template update available: ${u.label}`}>
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">{summary(u)}</Text>
            <Button size="compact-sm" onClick={() => setOpen(u.id)} aria-label={`Review the template update for ${u.label}`}>
              Review changes
            </Button>
          </Group>
        </Alert>
      ))}
      {/* Keyed by the offer, so a new offer (after applying part of it) starts from its own defaults. */}
      {opened && <TemplateUpgradeDialog key={JSON.stringify(opened.flows.map((f) => f.changes.map((c) => c.id)))} upgrade={opened} opened onClose={() => setOpen(null)} />}
    </Stack>
  );
}
