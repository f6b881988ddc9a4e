// Settings → Alerts by e-mail and webhook: where failing runs, alerts and unresolved
// record failures are sent when no one is looking at the app. The SMTP password and the webhook URL
// are write-only: the service says whether they are set (and the webhook's host), never their values.
import { Button, Divider, Group, NumberInput, PasswordInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm, type Resolver } from 'react-hook-form';
import { alertDeliverySchema, type AlertChannel, type AlertDelivery } from '../../../../preload/contract/index.ts';
import { useCall, useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { LabelledChoice } from '../../app/LabelledChoice.tsx';
import { notifyError, notifySuccess } from '../../app/notify.ts';

const toNumber = (v: string | number) => (typeof v === 'number' ? v : Number.parseInt(v, 10));

export function AlertDeliveryCard({ delivery }: { delivery: AlertDelivery }) {
  const secrets = useCall('settings:alertSecrets', {});
  const form = useForm<AlertDelivery>({ defaultValues: delivery, resolver: zodResolver(alertDeliverySchema) as unknown as Resolver<AlertDelivery>, mode: 'onTouched' });
  const [password, setPassword] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const save = useMutationCall('settings:update');
  const setSecret = useMutationCall('settings:setAlertSecret');
  const test = useMutationCall('settings:sendTestAlert', { invalidates: [] });
  const errors = form.formState.errors.email;
  const unsaved = form.formState.isDirty || password !== '' || webhookUrl !== '';

  const submit = form.handleSubmit(async (values) => {
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await save.mutateAsync({ alertDelivery: values });
      if (password) await setSecret.mutateAsync({ name: 'smtpPassword', value: password });
      if (webhookUrl) await setSecret.mutateAsync({ name: 'webhookUrl', value: webhookUrl });
      form.reset(saved.alertDelivery);
      setPassword('');
      setWebhookUrl('');
      notifySuccess('Alert delivery saved');
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  });
  const sendTest = (channel: AlertChannel) =>
    test.mutate(
      { channel },
      { onSuccess: (r) => notifySuccess(channel === 'email' ? 'Test e-mail sent' : 'Test message posted', r.detail), onError: (e) => notifyError(channel === 'email' ? 'The test e-mail was not sent' : 'The test message was not posted', e) },
    );
  const state = secrets.data;

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Alerts by e-mail and webhook">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Alerts by e-mail and webhook
        </Title>
        <Text size="sm" c="dimmed">
          For when no one is looking at the app (the service has no desktop notifications): failing runs and alerts, as chosen under Notifications, and unresolved record failures past the number below.
        </Text>
        <Controller
          name="unresolvedFailureThreshold"
          control={form.control}
          render={({ field }) => (
            <NumberInput
              label="Tell me when unresolved record failures reach"
              description="Sent once each time the count reaches it."
              min={1}
              w={320}
              value={field.value}
              onChange={(v) => field.onChange(toNumber(v))}
              error={form.formState.errors.unresolvedFailureThreshold?.message}
            />
          )}
        />
        <Divider label="E-mail (SMTP)" labelPosition="left" />
        <Controller name="email.enabled" control={form.control} render={({ field }) => <Switch label="Send alerts by e-mail" checked={field.value} onChange={(e) => field.onChange(e.currentTarget.checked)} />} />
        <Group align="flex-start">
          <TextInput label="SMTP server" description="Host name of your mail server or relay." placeholder="smtp.example.com" w={260} {...form.register('email.host')} error={errors?.host?.message} />
          <Controller
            name="email.port"
            control={form.control}
            render={({ field }) => <NumberInput label="Port" description="587 with STARTTLS, 465 with TLS." min={1} max={65535} w={140} value={field.value} onChange={(v) => field.onChange(toNumber(v))} error={errors?.port?.message} />}
          />
        </Group>
        <Controller
          name="email.security"
          control={form.control}
          render={({ field }) => (
            <LabelledChoice
              label="Security"
              value={field.value}
              onChange={field.onChange}
              data={[
                { value: 'starttls', label: 'STARTTLS (required)' },
                { value: 'tls', label: 'TLS' },
                { value: 'none', label: 'None (local relay only)' },
              ]}
            />
          )}
        />
        <Group align="flex-start">
          <TextInput label="User name" description="Empty when the server needs no login." w={260} autoComplete="off" {...form.register('email.username')} error={errors?.username?.message} />
          <PasswordInput
            label="Password"
            description={state?.smtpPassword ? 'Stored encrypted; type to replace it.' : 'Not set.'}
            placeholder={state?.smtpPassword ? '•••••••• (stored)' : ''}
            w={260}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
        </Group>
        <Group align="flex-start">
          <TextInput label="From" placeholder="ml-connector@example.com" w={260} {...form.register('email.from')} error={errors?.from?.message} />
          <TextInput label="To" description="Separate addresses with commas." placeholder="ops@example.com" w={320} {...form.register('email.to')} error={errors?.to?.message} />
        </Group>
        <Divider label="Webhook (Slack, Teams or any JSON receiver)" labelPosition="left" />
        <Controller name="webhook.enabled" control={form.control} render={({ field }) => <Switch label="Post alerts to a webhook" checked={field.value} onChange={(e) => field.onChange(e.currentTarget.checked)} />} />
        <PasswordInput
          label="Webhook URL"
          description={state?.webhookHost ? `Stored encrypted (${state.webhookHost}); paste a new URL to replace it.` : 'The incoming-webhook URL from Slack or Teams. It is a secret: it is stored encrypted and never shown again.'}
          placeholder="https://hooks.slack.com/services/…"
          w={520}
          autoComplete="off"
          value={webhookUrl}
          onChange={(e) => setWebhookUrl(e.currentTarget.value)}
        />
        {saveError !== null && <ErrorAlert error={saveError} title="Alert delivery was not saved" />}
        <Group>
          <Button type="submit" loading={saving} disabled={!unsaved}>
            Save alert delivery
          </Button>
          <Button variant="default" disabled={unsaved} loading={test.isPending && test.variables?.channel === 'email'} onClick={() => sendTest('email')} title={unsaved ? 'Save first' : undefined}>
            Send test e-mail
          </Button>
          <Button variant="default" disabled={unsaved} loading={test.isPending && test.variables?.channel === 'webhook'} onClick={() => sendTest('webhook')} title={unsaved ? 'Save first' : undefined}>
            Send test to webhook
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
