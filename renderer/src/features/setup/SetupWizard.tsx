// The setup wizard: integration → ERP connection → CRM connection → flows and schedules → review →
// create (paused) → dry run → start syncing.
import { Alert, Button, Group, Paper, Stepper, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useCall } from '../../api.ts';
import { notifyError } from '../../app/notify.ts';
import { useSyncNow } from '../blackouts/useSyncNow.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryState } from '../../app/QueryState.tsx';
import { useSystems } from '../connections/useSystems.ts';
import { ConnectionStep, type SideChoice } from './ConnectionStep.tsx';
import { FlowsStep, initialFlowChoices, type FlowChoices } from './FlowsStep.tsx';
import { IntegrationPicker } from './IntegrationPicker.tsx';
import { ReviewStep } from './ReviewStep.tsx';
import { companiesSharingCrm } from './KeyPrefixInput.tsx';
import { useConnectionNames } from '../flows/useConnectionNames.ts';
import { useCreateIntegration, type CreatedIntegration } from './useCreateIntegration.ts';
import { DryRunStep } from './DryRunStep.tsx';
import { useStartSyncing, type StartOutcome } from './useStartSyncing.ts';

export function SetupWizard() {
  const templates = useCall('flows:templates', {}, { staleTime: Infinity });
  const connections = useCall('connections:list', {});
  const { query: systemsQuery, byId: systems } = useSystems();
  const [step, setStep] = useState(0);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [erp, setErp] = useState<SideChoice | null>(null);
  const [crm, setCrm] = useState<SideChoice | null>(null);
  const [flows, setFlows] = useState<FlowChoices>({});
  const create = useCreateIntegration();
  const navigate = useNavigate();
  const start = useStartSyncing(() => setStep(6));
  // "Sync now" on the last screen, when the dry-run step was skipped (nothing new to try): asks inside a window too.
  const syncNow = useSyncNow((e) => notifyError('Could not start the runs', e), { onSuccess: () => void navigate('/') });

  const template = templates.data?.find((t) => t.id === templateId) ?? null;
  const existingFlows = useCall('flows:list', {});
  const connectionName = useConnectionNames();
  const [keyPrefix, setKeyPrefix] = useState('');
  const sharing = template && erp && crm ? companiesSharingCrm(template, erp, crm, existingFlows.data ?? [], connectionName) : [];
  const erpSystem = template ? systems.get(template.erp) : undefined;
  const crmSystem = template ? systems.get(template.crm) : undefined;
  const savedOf = (system: string) => (connections.data ?? []).filter((c) => c.system === system);

  const chooseTemplate = (id: string) => {
    setTemplateId(id);
    setErp(null);
    setCrm(null);
    const t = templates.data?.find((x) => x.id === id);
    if (t) setFlows(initialFlowChoices(t));
  };

  return (
    <>
      <PageHeader title="Set up an integration" description="Connect an ERP and a CRM, test both, choose what to sync." />
      <QueryState query={templates} label="integrations">
        {(list) => (
          <QueryState query={systemsQuery} label="systems">
            {() => (
              <Paper withBorder p="lg">
                <Stepper active={step} onStepClick={(s) => s < step && step < 5 && setStep(s)} allowNextStepsSelect={false} size="sm">
                  <Stepper.Step label="Integration" description={template?.label ?? 'ERP and CRM'}>
                    <IntegrationPicker templates={list} value={templateId} onChange={chooseTemplate} />
                    <Group justify="flex-end" mt="lg">
                      <Button disabled={!template?.available} onClick={() => setStep(1)}>
                        Next
                      </Button>
                    </Group>
                  </Stepper.Step>
                  <Stepper.Step label="ERP connection" description={erpSystem?.label}>
                    {template && erpSystem ? (
                      <ConnectionStep
                        key={`erp-${erpSystem.id}`}
                        system={erpSystem}
                        roleLabel="ERP"
                        saved={savedOf(erpSystem.id)}
                        onBack={() => setStep(0)}
                        onNext={(c) => (setErp(c), setStep(2))}
                      />
                    ) : (
                      <MissingSystem />
                    )}
                  </Stepper.Step>
                  <Stepper.Step label="CRM connection" description={crmSystem?.label}>
                    {template && crmSystem ? (
                      <ConnectionStep
                        key={`crm-${crmSystem.id}`}
                        system={crmSystem}
                        roleLabel="CRM"
                        saved={savedOf(crmSystem.id)}
                        onBack={() => setStep(1)}
                        onNext={(c) => (setCrm(c), setStep(3))}
                      />
                    ) : (
                      <MissingSystem />
                    )}
                  </Stepper.Step>
                  <Stepper.Step label="Flows" description="What and when">
                    {template && <FlowsStep template={template} value={flows} onChange={setFlows} onBack={() => setStep(2)} onNext={() => setStep(4)} />}
                  </Stepper.Step>
                  <Stepper.Step label="Review" description="Create">
                    {template && erpSystem && crmSystem && erp && crm && (
                      <ReviewStep
                        keyPrefix={
                          sharing.length > 0 && crm.kind === 'saved'
                            ? { others: sharing, crmName: crm.connection.name, value: keyPrefix, onChange: setKeyPrefix }
                            : null
                        }
                        template={template}
                        erpSystem={erpSystem}
                        crmSystem={crmSystem}
                        erp={erp}
                        crm={crm}
                        flows={flows}
                        creating={create.isPending}
                        error={create.error}
                        onBack={() => setStep(3)}
                        onCreate={() =>
                          create.mutate({ templateId: template.id, erp, crm, flows, ...(sharing.length > 0 && { keyPrefix: keyPrefix.trim() }) }, { onSuccess: (r) => setStep(r.created.length ? 5 : 6) })
                        }
                      />
                    )}
                  </Stepper.Step>
                  <Stepper.Step label="Dry run" description="Then start">
                    {create.data && erpSystem && crmSystem && (
                      <DryRunStep
                        flows={create.data.created}
                        erpLabel={erpSystem.label}
                        crmLabel={crmSystem.label}
                        starting={start.pending}
                        startError={start.error}
                        onStart={() => start.start(create.data.created)}
                        onLater={() => void navigate('/flows')}
                      />
                    )}
                    {start.confirm}
                  </Stepper.Step>
                  <Stepper.Completed>
                    <Alert color="teal" variant="light" title={startedTitle(start.outcome)} role="status">
                      <Text size="sm">
                        {createdSummary(create.data)} {startedText(start.outcome)}
                      </Text>
                    </Alert>
                    <Group mt="lg">
                      {!start.outcome && (
                        <Button loading={syncNow.pending} onClick={() => syncNow.sync({ flowIds: create.data?.flows.map((f) => f.id) })}>
                          Sync now
                        </Button>
                      )}
                      {syncNow.confirm}
                      <Button variant="default" component={Link} to="/">
                        Go to the dashboard
                      </Button>
                      <Button variant="subtle" component={Link} to="/flows">
                        Review the field mappings
                      </Button>
                    </Group>
                  </Stepper.Completed>
                </Stepper>
              </Paper>
            )}
          </QueryState>
        )}
      </QueryState>
    </>
  );
}

function MissingSystem() {
  return <Alert color="red">This integration names a system the service does not describe (connections:systems).</Alert>;
}

function startedTitle(outcome: StartOutcome | null): string {
  return outcome === 'started' ? 'Syncing started' : outcome === 'waiting' ? 'Syncing starts after the blackout window' : 'Integration created';
}

function startedText(outcome: StartOutcome | null): string {
  if (outcome === 'started') return 'The first run is under way; later runs follow the schedules.';
  if (outcome === 'waiting') return 'The flows are on; their scheduled runs start by themselves when the window ends (the dashboard says until when).';
  return 'They run on their schedules; you can start the first sync now.';
}

/** What setup did, in one or two sentences: the flows it created, and those it found and left as they were. */
function createdSummary(result: CreatedIntegration | undefined): string {
  if (!result) return '';
  const names = (flows: { name: string }[]) => flows.map((f) => f.name).join(', ');
  const { created, kept } = result;
  const made = created.length ? `${created.length} flow${created.length === 1 ? '' : 's'} created: ${names(created)}.` : 'No new flows were needed.';
  const left = kept.length ? ` ${kept.length} flow${kept.length === 1 ? '' : 's'} of this integration already ran between these connections and ${kept.length === 1 ? 'was' : 'were'} kept as ${kept.length === 1 ? 'it was' : 'they were'}: ${names(kept)}.` : '';
  return made + left;
}
