import { z } from 'zod';
import { call, patchOf } from './define.ts';
import { alertDeliverySchema } from './alert-delivery.ts';

const notificationsSchema = z.object({ onRunFailure: z.boolean().default(true), onAlert: z.boolean().default(true) });

export const settingsSchema = z.object({
  /** Days successful audit events are kept; failures stay until resolved. */
  auditRetentionDays: z.number({ error: 'Enter a number of days' }).int('Enter a whole number of days').min(1, 'Keep events at least 1 day').max(3650, 'Keep events at most 3650 days (10 years)').default(90),
  notifications: notificationsSchema.default({ onRunFailure: true, onAlert: true }),
  keepRunningInBackground: z.boolean().default(true),
  startAtLogin: z.boolean().default(false),
  /** Generic update feed URL (electron-updater); empty disables update checks. */
  updateFeedUrl: z
    .string()
    .trim()
    .refine((v) => v === '' || /^https:\/\/[^\s/]+/i.test(v), 'must be an https:// address (updates are never fetched over plain http); empty turns update checks off')
    .default(''),
  /** Largest number of deletions one approval may apply. */
  deletionCapPerRun: z.number({ error: 'Enter a number' }).int('Enter a whole number').min(1, 'Allow at least 1 deletion per approval').max(10_000, 'Allow at most 10,000 deletions per approval').default(100),
  /** Hour of the day (local) for the daily reconciliation. */
  reconcileHour: z.number({ error: 'Enter an hour from 0 to 23' }).int('Enter a whole hour from 0 to 23').min(0, 'Enter an hour from 0 to 23').max(23, 'Enter an hour from 0 to 23').default(2),
  theme: z.enum(['light', 'dark', 'auto']).default('auto'),
  /** E-mail and webhook delivery of failing runs, alerts and unresolved failures (a patch replaces it whole). */
  alertDelivery: alertDeliverySchema.default(alertDeliverySchema.parse({})),
});
export type Settings = z.infer<typeof settingsSchema>;

/** What `settings:update` takes: the fields to change, nothing reset; `notifications` may name one switch. */
export const settingsPatchSchema = patchOf(settingsSchema).extend({ notifications: patchOf(notificationsSchema).optional() });
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const alertSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  severity: z.enum(['info', 'warning', 'error']),
  code: z.string(),
  message: z.string(),
  hint: z.string().nullable(),
  flowId: z.string().nullable(),
  connectionId: z.string().nullable(),
  dismissed: z.boolean(),
});
export type Alert = z.infer<typeof alertSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'headless']),
  dataDir: z.string(),
  secretsBackend: z.enum(['safe-storage', 'key-file']),
  update: z.object({
    status: z.enum(['disabled', 'idle', 'checking', 'available', 'downloading', 'ready', 'error', 'not-available']),
    version: z.string().nullable(),
    message: z.string().nullable(),
    checkedAt: z.string().nullable(),
  }),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const settingsCalls = {
  get: call('settings:get', 'Current settings.', z.object({}).optional(), settingsSchema),
  update: call('settings:update', 'Change the settings a patch names; the others keep their values.', settingsPatchSchema, settingsSchema),
  alerts: call('settings:alerts', 'Alerts, newest first.', z.object({ includeDismissed: z.boolean().default(false) }).optional(), z.array(alertSchema)),
  dismissAlert: call('settings:dismissAlert', 'Dismiss an alert.', z.object({ id: z.number().int() }), z.object({ dismissed: z.literal(true) })),
  appInfo: call('settings:appInfo', 'Version, mode, data folder and update status.', z.object({}).optional(), appInfoSchema),
  checkForUpdates: call('settings:checkForUpdates', 'Check the update feed now.', z.object({}).optional(), appInfoSchema.shape.update),
};
