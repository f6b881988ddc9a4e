// The service's settings as the desktop shell needs them (keep running in background, start at login,
// update feed). They are read once at start and refreshed whenever settings:update succeeds, by wrapping
// that one call of the implementation the IPC transport serves.
import { settingsSchema, type ServiceImpl, type Settings } from '../../preload/contract/index.ts';
import { dispatch } from '../service/dispatch.ts';

export class DesktopSettings {
  private current: Settings = settingsSchema.parse({});
  private readonly listeners = new Set<(next: Settings, previous: Settings) => void>();

  constructor(private readonly impl: ServiceImpl) {}

  get(): Settings {
    return this.current;
  }

  async load(): Promise<Settings> {
    const r = await dispatch(this.impl, 'settings:get', {});
    if (r.ok) this.current = r.value as Settings;
    return this.current;
  }

  onChange(listener: (next: Settings, previous: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The implementation to serve over IPC: the same calls, with settings:update observed. */
  observe(impl: ServiceImpl): ServiceImpl {
    return {
      ...impl,
      'settings:update': async (input) => {
        const next = await impl['settings:update'](input);
        const previous = this.current;
        this.current = next;
        for (const l of this.listeners) l(next, previous);
        return next;
      },
    };
  }
}
