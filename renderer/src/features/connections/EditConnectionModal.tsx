// Edit a saved connection: rotate its password or token, change its address or settings, test the
// result before saving. Secrets left empty keep their stored values — unless the address moves to
// another server, which clears them (the service enforces it; the form says so and asks for them again).
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useRef, useState } from 'react';
import { useForm, useWatch, type Resolver } from 'react-hook-form';
import type { CheckResultView as CheckResult, Connection, SystemInfo } from '../../../../preload/contract/index.ts';
import { sameOrigins } from '../../../../preload/contract/connection-origin.ts';
import { useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PlainHttpConsent } from './PlainHttpConsent.tsx';
import { CheckResultView } from './CheckResultView.tsx';
import { ConnectionFields } from '../setup/ConnectionFields.tsx';
import { formSchema, toConnectionInput, valuesOf, type FormValues } from '../setup/connectionFormModel.ts';

interface Props {
  connection: Connection;
  system: SystemInfo;
  onClose: () => void;
}

export function EditConnectionModal({ connection, system, onClose }: Props) {
  const [fingerprint, setFingerprint] = useState<string | undefined>(connection.tls.fingerprint256);
  const [tested, setTested] = useState<{ key: string; result: CheckResult } | null>(null);
  const [plainHttpConsent, setPlainHttpConsent] = useState(connection.plainHttpConsent);
  // Which secrets may stay empty depends on whether the address moved, so the resolver reads the current schema.
  const schemaRef = useRef(formSchema(system, connection.secretsSet));
  const resolver = useMemo<Resolver<FormValues>>(() => (values, context, options) => (zodResolver(schemaRef.current) as unknown as Resolver<FormValues>)(values, context, options), []);
  const form = useForm<FormValues>({ defaultValues: valuesOf(system, connection), resolver, mode: 'onTouched' });
  const values = useWatch({ control: form.control }) as FormValues;
  const draft = { ...toConnectionInput(system, { ...valuesOf(system, connection), ...values }, fingerprint), plainHttpConsent };
  const moved = !sameOrigins(connection.settings, draft.settings);
  const kept = moved ? [] : connection.secretsSet;
  schemaRef.current = formSchema(system, kept);
  const key = JSON.stringify(draft);
  const current = tested?.key === key ? tested.result : null;
  const secretLabels = system.fields.filter((f) => f.kind === 'secret' && connection.secretsSet.includes(f.name)).map((f) => f.label);

  const test = useMutationCall('connections:test');
  const save = useMutationCall('connections:update', { onSuccess: onClose });

  const runTest = async (withFingerprint = fingerprint) =>
    form.handleSubmit(async (v) => {
      const input = { ...toConnectionInput(system, v, withFingerprint), plainHttpConsent };
      const result = await test.mutateAsync({ draft: input, id: connection.id }).catch(() => null);
      if (result) setTested({ key: JSON.stringify(input), result });
    })();

  const submit = () =>
    form.handleSubmit((v) => {
      const input = toConnectionInput(system, v, fingerprint);
      save.mutate({
        id: connection.id,
        patch: {
          name: input.name,
          settings: input.settings,
          ...(input.secrets && { secrets: input.secrets }),
          plainHttpConsent,
          ...(fingerprint && fingerprint !== connection.tls.fingerprint256 && { tls: { fingerprint256: fingerprint } }),
        },
      });
    })();

  return (
    <Modal opened onClose={onClose} title={`Edit connection: ${connection.name}`} size="xl">
      <Stack gap="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void runTest();
          }}
          aria-label={`${connection.name} connection details`}
        >
          <ConnectionFields fields={system.fields} control={form.control} errors={form.formState.errors} secretsStored={kept} />
        </form>
        <PlainHttpConsent settings={draft.settings} checked={plainHttpConsent} onChange={setPlainHttpConsent} />
        {connection.warnings.map((w) => (
          <Alert key={w} color="yellow" variant="light" role="note">
            <Text size="sm">{w}</Text>
          </Alert>
        ))}
        {moved && secretLabels.length > 0 && (
          <Alert color="yellow" variant="light" title="The address points to another server" role="status">
            <Text size="sm">
              Saving clears the stored {secretLabels.join(' and ')}: a password given for one server is never sent to another. Enter {secretLabels.length === 1 ? 'it' : 'them'} again for the new address.
            </Text>
          </Alert>
        )}
        <Group>
          <Button variant="light" onClick={() => void runTest()} loading={test.isPending}>
            Test connection
          </Button>
          {!moved && (
            <Text size="xs" c="dimmed">
              Secrets left empty are tested with their stored values.
            </Text>
          )}
        </Group>
        {test.isError && <ErrorAlert error={test.error} title="The test could not run" />}
        {current && (
          <CheckResultView
            result={current}
            onTrust={(fp) => {
              setFingerprint(fp);
              void runTest(fp);
            }}
          />
        )}
        {tested && !current && !test.isPending && (
          <Alert color="gray" variant="light">
            The details changed since the last test: test again.
          </Alert>
        )}
        {save.isError && <ErrorAlert error={save.error} title="Could not save the connection" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} loading={save.isPending} variant={current?.ok ? 'filled' : 'outline'}>
            {current?.ok ? 'Save' : 'Save without a passing test'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
