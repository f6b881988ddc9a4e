import type { ServiceImpl, Settings } from '../../preload/contract/index.ts';
import { settingsSchema } from '../../preload/contract/index.ts';
import { alertView } from './views.ts';
import { notFound } from './service-error.ts';
import type { ServiceContext } from './context.ts';

type Impl = Pick<ServiceImpl, 'settings:get' | 'settings:update' | 'settings:alerts' | 'settings:dismissAlert' | 'settings:appInfo' | 'settings:checkForUpdates'>;

export function readSettings(ctx: Pick<ServiceContext, 'store'>): Settings {
  // Unknown or outdated keys in the store fall back to defaults instead of breaking start-up.
  const stored = ctx.store.settings.all();
  const parsed = settingsSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const valid = Object.fromEntries(Object.entries(stored).filter(([k, v]) => settingsSchema.shape[k as keyof Settings]?.safeParse(v).success));
  return settingsSchema.parse(valid);
}

export function settingsService(ctx: ServiceContext, onChange: (s: Settings) => void): Impl {
  return {
    'settings:get': async () => readSettings(ctx),
    'settings:update': async (patch) => {
      const cur = readSettings(ctx);
      const named = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next = settingsSchema.parse({ ...cur, ...named, notifications: { ...cur.notifications, ...patch.notifications } });
      ctx.store.settings.set(next);
      onChange(next);
      return next;
    },
    'settings:alerts': async (input) => ctx.store.alerts.list(input?.includeDismissed ?? false).map(alertView),
    'settings:dismissAlert': async ({ id }) => {
      if (!ctx.store.alerts.dismiss(id)) throw notFound('Alert', id);
      return { dismissed: true as const };
    },
    'settings:appInfo': async () => ({
      version: ctx.version,
      mode: ctx.mode,
      dataDir: ctx.dataDir,
      secretsBackend: ctx.vault.backend,
      update: ctx.updateStatus(),
    }),
    'settings:checkForUpdates': async () => ctx.checkForUpdates(),
  };
}
