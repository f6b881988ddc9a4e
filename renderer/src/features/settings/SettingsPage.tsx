// Settings: audit retention, CRM tier, notifications, reconciliation, appearance; alerts by e-mail and
// webhook; version, data folder and update status.
import { Grid, Paper } from '@mantine/core';
import { useCall } from '../../api.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryState } from '../../app/QueryState.tsx';
import { AboutCard } from './AboutCard.tsx';
import { SettingsForm } from './SettingsForm.tsx';
import { AlertDeliveryCard } from './AlertDeliveryCard.tsx';

export function SettingsPage() {
  const settings = useCall('settings:get', {});
  const info = useCall('settings:appInfo', {});
  return (
    <>
      <PageHeader title="Settings" description="How long the audit log is kept, how fast the CRM may be called, and who is told when something fails." />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="md">
            <QueryState query={settings} label="settings">
              {(s) => <SettingsForm settings={s} desktop={info.data?.mode === 'desktop'} />}
            </QueryState>
          </Paper>
          <Paper withBorder p="md" mt="lg">
            <QueryState query={settings} label="alert delivery">
              {(s) => <AlertDeliveryCard delivery={s.alertDelivery} />}
            </QueryState>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <QueryState query={info} label="version and update status">
            {(i) => <AboutCard info={i} />}
          </QueryState>
        </Grid.Col>
      </Grid>
    </>
  );
}
