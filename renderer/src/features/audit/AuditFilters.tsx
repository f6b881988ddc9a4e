// The audit browser's filters: integration, flow, one run (set from an event's drawer), actions, date
// range, text over ids and names, unresolved only.
import { Button, Checkbox, Group, Input, MultiSelect, Pill, Select, TextInput } from '@mantine/core';
import { auditActionSchema, type DeletedFlow, type Flow } from '../../../../preload/contract/index.ts';
import { dateRangeError, flowOptions, type FilterForm } from './auditFilter.ts';
import { integrationKeyOf, type IntegrationGroup } from '../flows/integrations.ts';
import { useRunLabel } from './useRunLabel.ts';

const actionOptions = auditActionSchema.options.map((a) => ({ value: a, label: a }));

export function AuditFilters({
  value,
  onChange,
  flows,
  deletedFlows,
  integrations,
  flowName,
}: {
  value: FilterForm;
  onChange: (f: FilterForm) => void;
  flowName: (id: string) => string;
  flows: Flow[];
  /** A deleted flow's events stay in the log, so it stays a choice, marked "(deleted)". */
  deletedFlows: DeletedFlow[];
  integrations: IntegrationGroup[];
}) {
  const set = <K extends keyof FilterForm>(key: K, v: FilterForm[K]) => onChange({ ...value, [key]: v });
  const rangeError = dateRangeError(value);
  const inIntegration = (f: Pick<Flow, 'id' | 'sourceConnectionId' | 'destConnectionId'>, key: string) => f.id === value.flowId && integrationKeyOf(f) === key;
  return (
    <Group gap="sm" align="flex-start" wrap="wrap" role="search" aria-label="Filter audit events">
      {integrations.length > 1 && (
        <Select
          label="Integration"
          placeholder="All integrations"
          w={220}
          clearable
          data={integrations.map((g) => ({ value: g.key, label: g.label }))}
          value={value.integration}
          // A flow of another integration no longer fits: it is cleared with the change.
          onChange={(v) => onChange({ ...value, integration: v, flowId: v && value.flowId && ![...flows, ...deletedFlows].some((f) => inIntegration(f, v)) ? null : value.flowId })}
        />
      )}
      <Select
        label="Flow"
        placeholder="All flows"
        w={180}
        clearable
        data={flowOptions(flows, deletedFlows, value.integration)}
        value={value.flowId}
        onChange={(v) => set('flowId', v)}
      />
      {value.runId && <RunFilter runId={value.runId} flowName={flowName} onClear={() => set('runId', null)} />}
      <MultiSelect label="Action" placeholder={value.actions.length ? undefined : 'Any action'} w={200} data={actionOptions} value={value.actions} onChange={(v) => set('actions', v as FilterForm['actions'])} clearable />
      <TextInput label="From" type="date" w={140} value={value.fromDate} onChange={(e) => set('fromDate', e.currentTarget.value)} />
      <TextInput label="To" type="date" w={140} value={value.toDate} onChange={(e) => set('toDate', e.currentTarget.value)} error={rangeError} />
      <TextInput label="Search" placeholder="Record id, destination id or name" miw={180} flex={1} value={value.text} maxLength={200} onChange={(e) => set('text', e.currentTarget.value)} />
    </Group>
  );
}

/**
 * The run the log is narrowed to, by its flow and start time; × lists every run's events again (a
 * button in the tab order: Mantine hides a pill's × from keyboards and screen readers by default).
 */
function RunFilter({ runId, flowName, onClear }: { runId: string; flowName: (id: string) => string; onClear: () => void }) {
  const label = useRunLabel(runId, flowName);
  return (
    <Input.Wrapper label="Run">
      <Pill.Group mih={36} style={{ alignItems: 'center' }}>
        <Pill size="md" withRemoveButton onRemove={onClear} removeButtonProps={{ 'aria-label': 'Show every run', 'aria-hidden': false, tabIndex: 0 }} title={`Run id ${runId}`} aria-label={`Run filter: ${label ?? runId}`}>
          {label ?? runId}
        </Pill>
      </Pill.Group>
    </Input.Wrapper>
  );
}

const emptyForm: FilterForm = { integration: null, flowId: null, runId: null, actions: [], fromDate: '', toDate: '', text: '', unresolvedOnly: false };

/** No filter set: the whole audit log is asked for. */
export const isEmptyForm = (value: FilterForm) => JSON.stringify(value) === JSON.stringify(emptyForm);

/** The toolbar's part of the filter: unresolved failures only, and clearing every filter. */
export function UnresolvedAndClear({ value, onChange }: { value: FilterForm; onChange: (f: FilterForm) => void }) {
  const empty = isEmptyForm(value);
  return (
    <Group gap="sm">
      <Checkbox size="sm" label="Only unresolved failures" checked={value.unresolvedOnly} onChange={(e) => onChange({ ...value, unresolvedOnly: e.currentTarget.checked })} />
      {!empty && (
        <Button variant="subtle" size="compact-sm" onClick={() => onChange(emptyForm)}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
