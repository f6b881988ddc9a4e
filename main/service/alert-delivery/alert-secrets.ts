// The SMTP password and the webhook URL, sealed by the workspace's vault in the store's app_secrets table
// (the secrets table belongs to connections, its rows cascade with them). Sealed like connection secrets,
// they travel with the desktop ↔ serve handover (migrate-secrets.ts), are checked against the key at start
// and forgotten by reset-secrets; never in settings, exports or logs.
import type { AlertSecretName, AlertSecretsState } from '../../../preload/contract/index.ts';
import type { ServiceContext } from '../context.ts';
import { ServiceError } from '../service-error.ts';

type Ctx = Pick<ServiceContext, 'store' | 'vault'>;

export function writeAlertSecret(ctx: Ctx, name: AlertSecretName, value: string): void {
  const trimmed = value.trim();
  if (trimmed === '') ctx.store.appSecrets.remove(name);
  else ctx.store.appSecrets.set(name, ctx.vault.encrypt(trimmed));
}

/** The plaintext, or null when not set. Throws when the blob belongs to another vault (data folder moved). */
export function readAlertSecret(ctx: Ctx, name: AlertSecretName): string | null {
  const stored = ctx.store.appSecrets.get(name);
  if (!stored) return null;
  try {
    return ctx.vault.decrypt(stored);
  } catch {
    const label = name === 'smtpPassword' ? 'SMTP password' : 'webhook URL';
    throw new ServiceError('SECRET_UNREADABLE', `The stored ${label} for alerts cannot be decrypted with this workspace's key.`, `Enter the ${label} again in Settings → Alerts.`);
  }
}

export function alertSecretsState(ctx: Ctx): AlertSecretsState {
  const isSet = (name: AlertSecretName) => ctx.store.appSecrets.get(name) !== undefined;
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
