// A rule's transform chain: a summary button that opens an editor where steps are added, removed,
// reordered and given their parameters.
import { ActionIcon, Button, Group, MultiSelect, NumberInput, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import type { TransformStep } from '../../../../preload/contract/index.ts';
import { IconPlus, IconX } from '../../app/icons.tsx';
import { newStep, type Problems } from './mappingDraft.ts';
import { transformByFn, transformCatalogue, type TransformParamInfo } from './transformCatalogue.ts';

const fnOptions = transformCatalogue.map((t) => ({ value: t.fn, label: t.label }));

// The pickers' option lists open inside the pop-up, not in a portal: a click on an option would
// otherwise count as a click outside and close the pop-up before the step's parameters can be set.
const inPopover = { withinPortal: false } as const;

export function summarise(steps: TransformStep[] | undefined): string {
  if (!steps?.length) return 'none';
  return steps.map((s) => (s.fn === 'lookup' && s['table'] ? `lookup(${String(s['table'])})` : s.fn)).join(' → ');
}

interface Props {
  steps: TransformStep[];
  onChange: (steps: TransformStep[]) => void;
  rowLabel: string;
  problemsAt: string;
  problems: Problems;
  tables: string[];
  sourceFields: string[];
}

export function TransformSteps({ steps, onChange, rowLabel, problemsAt, problems, tables, sourceFields }: Props) {
  const hasProblem = [...problems.keys()].some((k) => k.startsWith(`${problemsAt}.`));
  const set = (i: number, step: TransformStep) => onChange(steps.map((s, j) => (j === i ? step : s)));
  const move = (i: number, by: number) => {
    const next = [...steps];
    const [s] = next.splice(i, 1);
    next.splice(i + by, 0, s!);
    onChange(next);
  };
  return (
    <Popover width={440} position="bottom-start" withArrow shadow="md" trapFocus>
      <Popover.Target>
        <Button variant={hasProblem ? 'light' : 'subtle'} color={hasProblem ? 'red' : undefined} size="compact-sm" aria-label={`Transforms of ${rowLabel}`} styles={{ root: { height: 'auto', minHeight: 26, paddingBlock: 3 }, label: { whiteSpace: 'normal', textAlign: 'left', lineHeight: 1.3 } }}>
          {summarise(steps)}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          <Text size="sm" fw={600}>
            Transforms, applied in order
          </Text>
          {steps.length === 0 && (
            <Text size="sm" c="dimmed">
              The value is copied as it is.
            </Text>
          )}
          {steps.map((step, i) => {
            const info = transformByFn.get(step.fn);
            const at = `${problemsAt}.${i}`;
            return (
              <Stack key={i} gap={4} p="xs" style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-sm)' }}>
                <Group gap="xs" wrap="nowrap">
                  <Select
                    aria-label={`Transform ${i + 1}`}
                    data={fnOptions}
                    value={step.fn}
                    onChange={(fn) => fn && set(i, newStep(fn))}
                    allowDeselect={false}
                    size="xs"
                    flex={1}
                    error={problems.get(at)}
                    comboboxProps={inPopover}
                  />
                  <ActionIcon variant="subtle" size="sm" aria-label={`Move transform ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </ActionIcon>
                  <ActionIcon variant="subtle" size="sm" aria-label={`Move transform ${i + 1} down`} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </ActionIcon>
                  <ActionIcon variant="subtle" color="red" size="sm" aria-label={`Remove transform ${i + 1}`} onClick={() => onChange(steps.filter((_, j) => j !== i))}>
                    <IconX size={14} />
                  </ActionIcon>
                </Group>
                {info && (
                  <Text size="xs" c="dimmed">
                    {info.help}
                  </Text>
                )}
                {info?.params.map((p) => (
                  <ParamInput key={p.name} param={p} step={step} onChange={(s) => set(i, s)} error={problems.get(`${at}.${p.name}`)} tables={tables} sourceFields={sourceFields} />
                ))}
              </Stack>
            );
          })}
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onChange([...steps, newStep('trim')])} w="fit-content">
            Add transform
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

const PARAM_LABELS: Record<string, string> = { table: 'Lookup table', fields: 'Source fields', fallback: 'When not found', max: 'Max characters' };

export function paramLabel(name: string): string {
  return PARAM_LABELS[name] ?? name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])(?=[a-z])/g, (_, c: string) => ` ${c.toLowerCase()}`);
}

function ParamInput({ param, step, onChange, error, tables, sourceFields }: { param: TransformParamInfo; step: TransformStep; onChange: (s: TransformStep) => void; error?: string; tables: string[]; sourceFields: string[] }) {
  const value = step[param.name];
  // A label in words ("Lookup table", "Max length"), not the parameter's name; its help says the rest.
  const label = `${paramLabel(param.name)}${param.required ? '' : ' (optional)'}`;
  const set = (v: TransformStep[string] | undefined) => {
    const next: TransformStep = { ...step };
    if (v === undefined || v === '') delete next[param.name];
    else next[param.name] = v;
    onChange(next);
  };
  if (param.name === 'table') {
    return <Select size="xs" label={label} description={param.help} data={tables} value={typeof value === 'string' ? value : null} onChange={(v) => set(v ?? undefined)} error={error} placeholder={tables.length ? 'Choose a table' : 'Add a lookup table first'} comboboxProps={inPopover} />;
  }
  switch (param.type) {
    case 'choice':
      return <Select size="xs" label={label} description={param.help} data={param.choices ?? []} value={typeof value === 'string' ? value : null} onChange={(v) => set(v ?? undefined)} error={error} allowDeselect={!param.required} comboboxProps={inPopover} />;
    case 'number':
      return <NumberInput size="xs" label={label} description={param.help} value={typeof value === 'number' ? value : typeof value === 'string' ? value : ''} onChange={(v) => set(v === '' ? undefined : Number(v))} error={error} />;
    case 'fields':
      return <MultiSelect size="xs" label={label} description={param.help} data={sourceFields} value={Array.isArray(value) ? value : []} onChange={(v) => set(v)} error={error} searchable comboboxProps={inPopover} />;
    default:
      return <TextInput size="xs" label={label} description={param.help} value={value === undefined || value === null ? '' : String(value)} onChange={(e) => set(e.currentTarget.value)} error={error} />;
  }
}
