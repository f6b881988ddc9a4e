// Each CRM account's API budget today (budget:usage): used / limit with the reserve kept for other apps;
// past 80 % which flows spend most; at the limit which flows it paused (WaitingPanel says until when).
import { Alert, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import type { BudgetAccount } from '../../../../preload/contract/index.ts';
import { useCall } from '../../api.ts';
import { formatClockTime } from '../../app/format.ts';
import { IconAlert } from '../../app/icons.tsx';

const pct = (n: number, of: number) => (of > 0 ? Math.min(100, (n / of) * 100) : 0);

function AccountCard({ account: a }: { account: BudgetAccount }) {
  const color = a.level === 'exhausted' ? 'red' : a.level === 'high' ? 'yellow' : 'teal';
  const top = a.flows.slice(0, 3);
  return (
    <Card withBorder padding="sm" component="article" aria-label={`API budget of ${a.label}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          {/* The account's one name (it names its connections): the same in every place. */}
          <Text fw={600}>{a.label}</Text>
          <Text size="sm" c="dimmed">
            {a.window.kind === 'daily' && a.resetsAt ? `Resets at midnight ${a.window.timeZone} (${formatClockTime(a.resetsAt)} here)` : `${a.unit[0]!.toUpperCase()}${a.unit.slice(1)} come back ${a.window.hours ?? 24} hours after they were spent`}
          </Text>
        </Group>
        <Progress.Root size="lg" aria-label={`${a.used} of ${a.limit} ${a.unit} used`}>
          <Progress.Section value={pct(a.used, a.limit)} color={color} />
        </Progress.Root>
        <Text size="sm">{a.summary}.</Text>
        {a.window.note && (
          <Text size="sm" c="dimmed">
            {a.window.note}
          </Text>
        )}
        {a.level !== 'ok' && (
          <Alert color={color} variant="light" icon={<IconAlert />} title={a.level === 'exhausted' ? 'The budget is spent: flows pause until it is back' : `Over 80 % of ${a.window.kind === 'daily' ? "today's" : 'the'} API ${a.unit} are used`}>
            {top.length > 0 && (
              <Text size="sm">
                The flows that spend most: {top.map((f) => `${f.flowName} (${f.units.toLocaleString()} ${a.unit})`).join(', ')}. A longer schedule (Flows → Change) shows what it saves before you save it.
              </Text>
            )}
            {a.paused.length > 0 && (
              <Text size="sm">
                Paused until it is back: {a.paused.map((p) => p.flowName).join(', ')} (under Waiting, above).
              </Text>
            )}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

export function BudgetPanel() {
  const usage = useCall('budget:usage', {});
  const accounts = usage.data?.accounts ?? [];
  // Flows a spent budget paused are listed with every other wait (WaitingPanel), not here as well.
  if (accounts.length === 0) return null;
  return (
    <section aria-label="API budgets">
      <Stack gap="xs">
        <Title order={4}>API budgets</Title>
        {accounts.map((a) => (
          <AccountCard key={a.account} account={a} />
        ))}
      </Stack>
    </section>
  );
}
