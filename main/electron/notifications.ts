// Shows NotifyPolicy's decisions as native notifications; a click opens the window on the matching view.
import { Notification } from 'electron';
import type { AppEvent, Flow, ServiceImpl, Settings } from '../../preload/contract/index.ts';
import { settingsSchema } from '../../preload/contract/index.ts';
import { dispatch } from '../service/dispatch.ts';
import type { EventBus } from '../service/events.ts';
import { NotifyPolicy, type DesktopNotice } from './notify-policy.ts';

export interface NotificationOptions {
  impl: ServiceImpl;
  events: EventBus;
  icon?: string;
  /** Opens (or focuses) the window at a renderer route. */
  openRoute(route: string): void;
}

export function showNotice(notice: DesktopNotice, openRoute: (route: string) => void, icon?: string): Notification | null {
  if (!Notification.isSupported()) return null;
  const n = new Notification({ title: notice.title, body: notice.body, ...(icon && { icon }) });
  n.on('click', () => openRoute(notice.route));
  n.show();
  return n;
}

export function watchNotifications({ impl, events, icon, openRoute }: NotificationOptions): () => void {
  const policy = new NotifyPolicy();
  return events.subscribe((event: AppEvent) => {
    if (event.name !== 'run:finished' && event.name !== 'alert') return;
    void (async () => {
      // Read settings and names at the moment of the event: the admin may have just changed them.
      const settingsResult = await dispatch(impl, 'settings:get', {});
      const settings: Settings = settingsResult.ok ? (settingsResult.value as Settings) : settingsSchema.parse({});
      const flows = await dispatch(impl, 'flows:list', {});
      const names = new Map(flows.ok ? (flows.value as Flow[]).map((f) => [f.id, f.name]) : []);
      const notice = policy.decide(event, settings, (id) => names.get(id) ?? id);
      if (notice) showNotice(notice, openRoute, icon);
    })();
  });
}
