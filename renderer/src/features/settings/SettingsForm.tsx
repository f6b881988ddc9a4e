// The service's settings as a form (react-hook-form + the contract's zod schema); saves only what changed.
import { Button, Divider, Group, NumberInput, Stack, Switch, TextInput, Title } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMantineColorScheme } from '@mantine/core';
import { Controller, useForm, type Resolver } from 'react-hook-form';
import { settingsSchema, type Settings } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { LabelledChoice } from '../../app/LabelledChoice.tsx';
import { notifySuccess } from '../../app/notify.ts';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

export function SettingsForm({ settings, desktop }: { settings: Settings; desktop: boolean }) {
  const form = useForm<Settings>({ defaultValues: settings, resolver: zodResolver(settingsSchema) as unknown as Resolver<Settings>, mode: 'onTouched' });
  const { setColorScheme } = useMantineColorScheme();
  const save = useMutationCall('settings:update', {
    onSuccess: (saved) => {
      form.reset(saved);
      setColorScheme(saved.theme);
      notifySuccess('Settings saved');
    },
  });
  const errors = form.formState.errors;
  const submit = form.handleSubmit((values) => {
    const dirty = form.formState.dirtyFields;
    const patch = Object.fromEntries(Object.keys(dirty).map((k) => [k, values[k as keyof Settings]])) as Partial<Settings>;
    save.mutate(patch);
  });

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Settings">
      <Stack gap="lg">
        <Section title="Audit log">
          <Controller
            name="auditRetentionDays"
            control={form.control}
            render={({ field }) => (
              <NumberInput
                label="Keep successful events for (days)"
                description="Failures stay until they are resolved, whatever their age."
                min={1}
                max={3650}
                w={320}
                value={field.value}
                onChange={(v) => field.onChange(typeof v === 'number' ? v : Number.parseInt(v, 10))}
                onBlur={field.onBlur}
                error={errors.auditRetentionDays?.message}
              />
            )}
          />
        </Section>
        <Divider />
        <Section title="Notifications">
          <Controller name="notifications.onRunFailure" control={form.control} render={({ field }) => <Switch label="When a run fails or has failed records" checked={field.value} onChange={(e) => field.onChange(e.currentTarget.checked)} />} />
          <Controller name="notifications.onAlert" control={form.control} render={({ field }) => <Switch label="When an alert is raised (timeouts, API budget, certificate changes)" checked={field.value} onChange={(e) => field.onChange(e.currentTarget.checked)} />} />
        </Section>
        <Divider />
        <Section title="Reconciliation and deletions">
          <Group align="flex-start">
            <Controller
              name="reconcileHour"
              control={form.control}
              render={({ field }) => (
                <NumberInput label="Daily reconciliation at (hour, local)" min={0} max={23} w={260} value={field.value} onChange={(v) => field.onChange(typeof v === 'number' ? v : Number.parseInt(v, 10))} error={errors.reconcileHour?.message} />
              )}
            />
            <Controller
              name="deletionCapPerRun"
              control={form.control}
              render={({ field }) => (
                <NumberInput
                  label="Most deletions applied at once"
                  description="Flagged deletions are never applied without approval."
                  min={1}
                  max={10_000}
                  w={300}
                  value={field.value}
                  onChange={(v) => field.onChange(typeof v === 'number' ? v : Number.parseInt(v, 10))}
                  error={errors.deletionCapPerRun?.message}
                />
              )}
            />
          </Group>
        </Section>
        <Divider />
        <Section title="Application">
          <Controller
            name="theme"
            control={form.control}
            render={({ field }) => (
              <LabelledChoice
                label="Appearance"
                value={field.value}
                onChange={field.onChange}
                data={[
                  { value: 'light', label: 'Light' },
                  { value: 'dark', label: 'Dark' },
                  { value: 'auto', label: 'System' },
                ]}
              />
            )}
          />
          <Controller
            name="keepRunningInBackground"
            control={form.control}
            render={({ field }) => (
              <Switch label="Keep syncing in the background when the window is closed" description={desktop ? undefined : 'Desktop app only'} disabled={!desktop} checked={field.value} onChange={(e) => field.onChange(e.currentTarget.checked)} />
            )}
          />
          <Controller
            name="startAtLogin"
            control={form.control}
            render={({ field }) => <Switch label="Start at login" description={desktop ? undefined : 'Desktop app only'} disabled={!desktop} checked={field.value} onChange={(e) => field.onChange(e.currentTarget.checked)} />}
          />
          <Controller
            name="updateFeedUrl"
            control={form.control}
            render={({ field }) => (
              <TextInput label="Update feed URL" description="Where the desktop app looks for new versions; empty turns update checks off." placeholder="https://updates.example.com/ml-connector/" w={480} {...field} error={errors.updateFeedUrl?.message} />
            )}
          />
        </Section>
        {save.isError && <ErrorAlert error={save.error} title="Settings were not saved" />}
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!form.formState.isDirty}>
            Save settings
          </Button>
          <Button variant="default" disabled={!form.formState.isDirty} onClick={() => form.reset(settings)}>
            Revert
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
