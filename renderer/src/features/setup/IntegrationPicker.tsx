// Step 1: choose one of the five integrations. Those whose connectors are not built yet stay listed,
// marked "coming", after the available ones, and cannot be chosen.
import { Badge, Group, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import type { IntegrationTemplate } from '../../../../preload/contract/index.ts';

export function IntegrationPicker({ templates, value, onChange }: { templates: IntegrationTemplate[]; value: string | null; onChange: (id: string) => void }) {
  // What can be set up today comes first; the order inside each part is the catalogue's.
  const ordered = [...templates.filter((t) => t.available), ...templates.filter((t) => !t.available)];
  return (
    <Radio.Group value={value} onChange={onChange} label="Which systems do you want to keep in sync?" description="One ERP and one CRM per integration; you can add more later.">
      <SimpleGrid cols={{ base: 1, md: 2 }} mt="sm">
        {ordered.map((t) => (
          <Radio.Card
            key={t.id}
            value={t.id}
            disabled={!t.available}
            aria-label={`${t.label}${t.available ? '' : ' (coming)'}`}
            p="md"
            style={t.available ? undefined : { opacity: 0.6, cursor: 'not-allowed' }}
          >
            <Group wrap="nowrap" align="flex-start">
              <Radio.Indicator disabled={!t.available} />
              <Stack gap={4}>
                <Group gap="xs">
                  <Text fw={600}>{t.label}</Text>
                  <Badge size="xs" variant="light" color={t.direction === 'two-way' ? 'grape' : 'blue'}>
                    {t.direction === 'two-way' ? 'two-way' : 'ERP → CRM'}
                  </Badge>
                  {!t.available && (
                    <Badge size="xs" variant="outline" color="gray">
                      coming
                    </Badge>
                  )}
                </Group>
                <Text size="sm" c="dimmed">
                  {t.description}
                </Text>
                <Text size="xs" c="dimmed">
                  {t.flows.map((f) => f.name).join(' · ')}
                </Text>
              </Stack>
            </Group>
          </Radio.Card>
        ))}
      </SimpleGrid>
    </Radio.Group>
  );
}
