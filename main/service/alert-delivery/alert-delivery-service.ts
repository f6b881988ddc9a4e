// The contract's alert-delivery calls: write-only secrets and "send test".
import type { ServiceImpl } from '../../../preload/contract/index.ts';
import type { ServiceContext } from '../context.ts';
import { readSettings } from '../settings-service.ts';
import { alertSecretsState, writeAlertSecret } from './alert-secrets.ts';
import { deliverThrough } from './deliver-alert.ts';

type Impl = Pick<ServiceImpl, 'settings:alertSecrets' | 'settings:setAlertSecret' | 'settings:sendTestAlert'>;

export function alertDeliveryService(ctx: ServiceContext): Impl {
  return {
    'settings:alertSecrets': async () => alertSecretsState(ctx),
    'settings:setAlertSecret': async ({ name, value }) => {
      writeAlertSecret(ctx, name, value);
      return alertSecretsState(ctx);
    },
    // Tests the saved settings even when the channel is switched off, so it can be tried before enabling.
    'settings:sendTestAlert': async ({ channel }) => ({
      sent: true as const,
      detail: await deliverThrough(ctx, readSettings(ctx), channel, {
        event: 'test',
        severity: 'info',
        title: 'ML Connector test alert',
        text: `This is a test from ML Connector (${ctx.mode === 'headless' ? 'service' : 'desktop app'} at ${ctx.dataDir}). Failing runs, alerts and unresolved record failures will arrive here.`,
        link: null,
      }),
    }),
  };
}
