// The SMTP password and the webhook URL, encrypted with the workspace's vault. The secrets table belongs
// to connections (rows cascade with them), so these two blobs live in the settings table under keys the
// settings schema does not know (readSettings never returns them), base64 of the vault's tagged blob.
import type { AlertSecretName, AlertSecretsState } from '../../../preload/contract/index.ts';
import type { ServiceContext } from '../context.ts';
import { ServiceError } from '../service-error.ts';

type Ctx = Pick<ServiceContext, 'store' | 'vault'>;

const keyOf = (name: AlertSecretName) => `alertSecret.${name}`;

export function writeAlertSecret(ctx: Ctx, name: AlertSecretName, value: string): void {
  const trimmed = value.trim();
  ctx.store.settings.set({ [keyOf(name)]: trimmed === '' ? null : ctx.vault.encrypt(trimmed).toString('base64') });
}

/** The plaintext, or null when not set. Throws when the blob belongs to another vault (data folder moved). */
export function readAlertSecret(ctx: Ctx, name: AlertSecretName): string | null {
  const stored = ctx.store.settings.all()[keyOf(name)];
  if (typeof stored !== 'string' || stored === '') return null;
  try {
    return ctx.vault.decrypt(Buffer.from(stored, 'base64'));
  } catch {
    const label = name === 'smtpPassword' ? 'SMTP password' : 'webhook URL';
    throw new ServiceError('SECRET_UNREADABLE', `The stored ${label} for alerts cannot be decrypted with this workspace's key.`, `Enter the ${label} again in Settings → Alerts.`);
  }
}

export function alertSecretsState(ctx: Ctx): AlertSecretsState {
  const all = ctx.store.settings.all();
  const isSet = (name: AlertSecretName) => typeof all[keyOf(name)] === 'string' && all[keyOf(name)] !== '';
  let webhookHost: string | null = null;
  if (isSet('webhookUrl')) {
    try {
      webhookHost = new URL(readAlertSecret(ctx, 'webhookUrl') ?? '').host;
    } catch {
      webhookHost = '(unreadable: enter it again)';
    }
  }
  return { smtpPassword: isSet('smtpPassword'), webhookHost };
}
