// Where alerts go when no one is looking at the app (headless `serve` has no desktop notifications):
// e-mail over SMTP and a generic webhook (Slack/Teams-compatible JSON). The settings hold the
// non-secret parts; the SMTP password and the webhook URL (its path is the credential on Slack and
// Teams) are write-only secrets kept in the vault.
import { z } from 'zod';
import { call } from './define.ts';

export const smtpSecuritySchema = z.enum(['starttls', 'tls', 'none']);

const emailListSchema = z
  .string()
  .trim()
  .refine((v) => v === '' || v.split(',').every((a) => /^[^\s@]+@[^\s@]+$/.test(a.trim())), 'Enter e-mail addresses separated by commas, e.g. ops@example.com, it@example.com');

export const alertDeliverySchema = z.object({
  email: z
    .object({
      enabled: z.boolean().default(false),
      host: z.string().trim().max(253).default(''),
      port: z.number({ error: 'Enter a port number' }).int('Enter a whole port number').min(1, 'Enter a port from 1 to 65535').max(65535, 'Enter a port from 1 to 65535').default(587),
      /** starttls: upgrade on port 587 (required, never falls back to plain); tls: port 465; none: plain, for a relay on this machine. */
      security: smtpSecuritySchema.default('starttls'),
      username: z.string().trim().max(320).default(''),
      from: emailListSchema.default(''),
      to: emailListSchema.default(''),
    })
    .default({ enabled: false, host: '', port: 587, security: 'starttls', username: '', from: '', to: '' }),
  webhook: z.object({ enabled: z.boolean().default(false) }).default({ enabled: false }),
  /** Send once when unresolved record failures reach this many (and again after they fell below it). */
  unresolvedFailureThreshold: z.number({ error: 'Enter a number of failures' }).int('Enter a whole number').min(1, 'Enter at least 1 failure').max(1_000_000, 'Enter at most 1,000,000 failures').default(10),
});
export type AlertDelivery = z.infer<typeof alertDeliverySchema>;

export const alertSecretNameSchema = z.enum(['smtpPassword', 'webhookUrl']);
export type AlertSecretName = z.infer<typeof alertSecretNameSchema>;

export const alertChannelSchema = z.enum(['email', 'webhook']);
export type AlertChannel = z.infer<typeof alertChannelSchema>;

/** What the UI may know of the secrets: whether each is set, and the webhook's host (never its path). */
export const alertSecretsStateSchema = z.object({ smtpPassword: z.boolean(), webhookHost: z.string().nullable() });
export type AlertSecretsState = z.infer<typeof alertSecretsStateSchema>;

export const alertDeliveryCalls = {
  secrets: call('settings:alertSecrets', 'Which alert-delivery secrets are set (never their values).', z.object({}).optional(), alertSecretsStateSchema),
  setSecret: call(
    'settings:setAlertSecret',
    'Store (or, with an empty value, forget) the SMTP password or the webhook URL.',
    z.object({ name: alertSecretNameSchema, value: z.string().max(2048) }),
    alertSecretsStateSchema,
  ),
  sendTest: call(
    'settings:sendTestAlert',
    'Send a test message through one channel with the saved settings.',
    z.object({ channel: alertChannelSchema }),
    z.object({ sent: z.literal(true), detail: z.string() }),
  ),
};
