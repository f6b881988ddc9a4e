// The dashboard's one place for flows that wait: each thing that holds them (an ERP's blackout window,
// a CRM account's spent API budget), until when, which flows, and what happens then.
import { Alert, List, Text } from '@mantine/core';
import type { Flow } from '../../../../preload/contract/index.ts';
import { IconAlert } from '../../app/icons.tsx';
import { waitGroups, waitSentence, type WaitGroup } from './flowWaits.ts';
import { useFlowWaits, useRefreshWhenWaitsEnd } from './useFlowWaits.ts';

const names = (flows: WaitGroup['flows']) => flows.map((f) => f.name).join(', ');

function whatThen({ wait, flows }: WaitGroup): string {
  const who = flows.length === 1 ? `${flows[0]!.name} waits` : `${flows.length} flows wait: ${names(flows)}`;
  if (wait.cause === 'blackout') return `${who}. Nothing calls ${wait.connectionName} until the window ends; the runs then start or resume from where they stopped. Sync now asks first.`;
  return `${who}. The runs paused when the budget was spent and resume by themselves at ${wait.untilText}, from where they stopped; nothing is lost.`;
}

export function WaitingPanel({ flows }: { flows: readonly Flow[] }) {
  useRefreshWhenWaitsEnd();
  const groups = waitGroups(flows, useFlowWaits());
  if (groups.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconAlert />} title={groups.length === 1 ? waitSentence(groups[0]!.wait) : 'Waiting'} role="region" aria-label="Waiting" mb="lg">
      {groups.length === 1 ? (
        <Text size="sm">{whatThen(groups[0]!)}</Text>
      ) : (
        <List size="sm" spacing={4}>
          {groups.map((g) => (
            <List.Item key={g.wait.key}>
              <Text span size="sm" fw={600}>
                {waitSentence(g.wait)}
              </Text>
              {' — '}
              {whatThen(g)}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
