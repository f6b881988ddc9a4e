// Sends one message through every enabled channel. Used by the dispatcher (events) and by "send test".
import type { AlertChannel, Settings } from '../../../preload/contract/index.ts';
import type { ServiceContext } from '../context.ts';
import { readAlertSecret } from './alert-secrets.ts';
import type { AlertMessage } from './alert-message.ts';
import { sendAlertEmail } from './send-email.ts';
import { sendAlertWebhook } from './send-webhook.ts';

type Ctx = Pick<ServiceContext, 'store' | 'vault'>;

export async function deliverThrough(ctx: Ctx, settings: Settings, channel: AlertChannel, message: AlertMessage): Promise<string> {
  if (channel === 'email') return sendAlertEmail(settings.alertDelivery.email, readAlertSecret(ctx, 'smtpPassword'), message);
  return sendAlertWebhook(readAlertSecret(ctx, 'webhookUrl'), message);
}

export function enabledChannels(settings: Settings): AlertChannel[] {
  const d = settings.alertDelivery;
  return [...(d.email.enabled ? (['email'] as const) : []), ...(d.webhook.enabled ? (['webhook'] as const) : [])];
}
