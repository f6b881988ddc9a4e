// Steps 2 and 3: one system's connection. Either a new one — a form generated from the system's fields,
// validated inline — or one saved earlier. "Test connection" asks the service for a specific diagnosis;
// a certificate it does not trust can be pinned by its fingerprint right here.
import { Alert, Button, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useForm, useWatch, type Resolver } from 'react-hook-form';
import type { CheckResultView as CheckResult, Connection, ConnectionInput, SystemInfo } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PlainHttpConsent } from '../connections/PlainHttpConsent.tsx';
import { CheckResultView } from '../connections/CheckResultView.tsx';
import { ConnectionFields } from './ConnectionFields.tsx';
import { defaultValues, formSchema, toConnectionInput, type FormValues } from './connectionFormModel.ts';

export type SideChoice = { kind: 'saved'; connection: Connection } | { kind: 'new'; input: ConnectionInput; check: CheckResult | null };

interface Props {
  system: SystemInfo;
  roleLabel: string;
  saved: Connection[];
  onBack: () => void;
  onNext: (choice: SideChoice) => void;
}

export function ConnectionStep({ system, roleLabel, saved, onBack, onNext }: Props) {
  const [mode, setMode] = useState<'new' | 'saved'>(saved.length ? 'saved' : 'new');
  const [savedId, setSavedId] = useState<string | null>(saved[0]?.id ?? null);
  const [fingerprint, setFingerprint] = useState<string | undefined>();
  const [tested, setTested] = useState<{ key: string; result: CheckResult } | null>(null);
  const [plainHttpConsent, setPlainHttpConsent] = useState(false);
  const consent = plainHttpConsent ? { plainHttpConsent: true } : {};
  const schema = useMemo(() => formSchema(system), [system]);
  const form = useForm<FormValues>({ defaultValues: defaultValues(system), resolver: zodResolver(schema) as unknown as Resolver<FormValues>, mode: 'onTouched' });
  const values = useWatch({ control: form.control }) as FormValues;
  const test = useMutationCall('connections:test', { invalidates: ['connections'] });
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (tested) resultRef.current?.scrollIntoView({ block: 'nearest' });
  }, [tested]);

  const draft = { ...toConnectionInput(system, values, fingerprint), ...consent };
  const key = mode === 'saved' ? `saved:${savedId}` : JSON.stringify(draft);
  const current = tested?.key === key ? tested.result : null;
  const savedConnection = saved.find((c) => c.id === savedId) ?? null;

  const runTest = async (withFingerprint = fingerprint) => {
    if (mode === 'saved') {
      if (!savedId) return;
      const result = await test.mutateAsync({ id: savedId }).catch(() => null);
      if (result) setTested({ key: `saved:${savedId}`, result });
      return;
    }
    // handleSubmit (not trigger) marks the form submitted, so errors then clear while typing rather
    // than on blur — a blur that moves the button away from under the pointer would eat the click.
    await form.handleSubmit(async (values) => {
      const input = { ...toConnectionInput(system, values, withFingerprint), ...consent };
      const result = await test.mutateAsync({ draft: input }).catch(() => null);
      if (result) setTested({ key: JSON.stringify(input), result });
    })();
  };

  const trust = (fp: string) => {
    setFingerprint(fp);
    void runTest(fp);
  };

  const next = async () => {
    if (mode === 'saved') {
      if (savedConnection) onNext({ kind: 'saved', connection: savedConnection });
      return;
    }
    await form.handleSubmit((values) => onNext({ kind: 'new', input: { ...toConnectionInput(system, values, fingerprint), ...consent }, check: current }))();
  };

  return (
    <Stack gap="md">
      <Text>
        Connect to your {roleLabel}: <b>{system.label}</b>.
      </Text>
      {saved.length > 0 && (
        <SegmentedControl
          aria-label={`${system.label} connection`}
          value={mode}
          onChange={(v) => setMode(v as 'new' | 'saved')}
          data={[
            { value: 'saved', label: 'Use a saved connection' },
            { value: 'new', label: 'New connection' },
          ]}
          w="fit-content"
        />
      )}
      {mode === 'saved' ? (
        <Select label="Saved connection" data={saved.map((c) => ({ value: c.id, label: c.name }))} value={savedId} onChange={setSavedId} allowDeselect={false} w={360} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void runTest();
          }}
          aria-label={`${system.label} connection details`}
        >
          <ConnectionFields fields={system.fields} control={form.control} errors={form.formState.errors} />
          <PlainHttpConsent settings={draft.settings} checked={plainHttpConsent} onChange={setPlainHttpConsent} />
          {fingerprint && (
            <Text size="xs" c="dimmed" mt="xs">
              Trusted certificate (SHA-256): {fingerprint}
            </Text>
          )}
        </form>
      )}

      <Group>
        <Button variant="light" onClick={() => void runTest()} loading={test.isPending}>
          Test connection
        </Button>
        {test.isPending && (
          <Text size="sm" c="dimmed">
            Signing in to {system.label}…
          </Text>
        )}
      </Group>
      <Stack gap="md" ref={resultRef}>
        {test.isError && <ErrorAlert error={test.error} title="The test could not run" />}
        {current && <CheckResultView result={current} onTrust={mode === 'new' ? trust : undefined} />}
        {tested && !current && !test.isPending && (
          <Alert color="gray" variant="light">
            The details changed since the last test: test again.
          </Alert>
        )}
      </Stack>

      <Group justify="space-between" mt="md">
        <Button variant="default" onClick={onBack}>
          Back
        </Button>
        <Button onClick={() => void next()} variant={current?.ok ? 'filled' : 'outline'} disabled={mode === 'saved' && !savedConnection}>
          {current?.ok ? 'Next' : 'Next without a passing test'}
        </Button>
      </Group>
    </Stack>
  );
}
