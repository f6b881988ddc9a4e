// Decides which service events become a native notification, with what text and which screen a click
// opens. A flow is announced when it *starts* failing (or fails differently), not on every scheduled
// run while it keeps failing; the tray icon stays red meanwhile. No Electron here.
import type { Alert, AppEvent, Run, Settings } from '../../preload/contract/index.ts';

export interface DesktopNotice {
  title: string;
  body: string;
  /** Renderer route a click opens, e.g. `/audit?flow=f1&action=failed`. */
  route: string;
}

export function failedAuditRoute(flowId: string): string {
  return `/audit?flow=${encodeURIComponent(flowId)}&action=failed`;
}

export class NotifyPolicy {
  /** Last failing status announced per flow; cleared when the flow succeeds again. */
  private readonly announced = new Map<string, Run['status']>();

  decide(event: AppEvent, settings: Pick<Settings, 'notifications'>, flowName: (flowId: string) => string): DesktopNotice | null {
    if (event.name === 'run:finished') return this.onRun((event as AppEvent<'run:finished'>).payload, settings, flowName);
    if (event.name === 'alert') return this.onAlert((event as AppEvent<'alert'>).payload, settings);
    return null;
  }

  private onRun(run: Run, settings: Pick<Settings, 'notifications'>, flowName: (flowId: string) => string): DesktopNotice | null {
    const failing = run.status === 'failed' || (run.status === 'partial' && run.counts.failed > 0);
    if (!failing) {
      if (run.status === 'succeeded') this.announced.delete(run.flowId);
      return null;
    }
    if (this.announced.get(run.flowId) === run.status) return null;
    this.announced.set(run.flowId, run.status);
    if (!settings.notifications.onRunFailure) return null;
    const name = flowName(run.flowId);
    const body =
      run.status === 'failed'
        ? (run.error?.message ?? 'The run stopped before it finished.')
        : `${run.counts.failed} record${run.counts.failed === 1 ? '' : 's'} could not be written; the others were synced.`;
    return { title: run.status === 'failed' ? `Sync failed: ${name}` : `Some records failed: ${name}`, body, route: failedAuditRoute(run.flowId) };
  }

  private onAlert(alert: Alert, settings: Pick<Settings, 'notifications'>): DesktopNotice | null {
    if (!settings.notifications.onAlert || alert.severity === 'info' || alert.dismissed) return null;
    return {
      title: alert.severity === 'error' ? 'ML Connector needs attention' : 'ML Connector warning',
      body: alert.hint ? `${alert.message} ${alert.hint}` : alert.message,
      route: alert.flowId ? failedAuditRoute(alert.flowId) : '/',
    };
  }
}
