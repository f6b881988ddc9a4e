// The overall state the tray shows (ok / running / error) and the updater asks about ("is a sync
// running?"). Fed by service events and refreshed from the contract's own calls, so it shows what the
// UI shows. No Electron here.
import type { AppEvent, ServiceImpl } from '../../preload/contract/index.ts';
import { dispatch } from '../service/dispatch.ts';
import type { EventBus } from '../service/events.ts';

export type OverallStatus = 'ok' | 'running' | 'error';

export interface ActivitySnapshot {
  status: OverallStatus;
  running: number;
  /** Names of flows whose last run failed (or partly failed). */
  failingFlows: string[];
  errorAlerts: number;
  summary: string;
}

const FAILING_RUNS = new Set(['failed', 'partial']);

export class ActivityMonitor {
  private readonly runningRuns = new Set<string>();
  private runningFlows = 0;
  private failingFlows: string[] = [];
  private errorAlerts = 0;
  private readonly listeners = new Set<(s: ActivitySnapshot) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly impl: ServiceImpl,
    events: EventBus,
  ) {
    this.unsubscribe = events.subscribe((e) => this.onEvent(e));
  }

  /** True while any run is in progress: updates wait for this to become false. */
  isBusy(): boolean {
    return this.runningRuns.size > 0 || this.runningFlows > 0;
  }

  snapshot(): ActivitySnapshot {
    const running = Math.max(this.runningRuns.size, this.runningFlows);
    const status: OverallStatus = running > 0 ? 'running' : this.failingFlows.length > 0 || this.errorAlerts > 0 ? 'error' : 'ok';
    const summary =
      status === 'running'
        ? `Syncing (${running} running)`
        : status === 'error'
          ? this.failingFlows.length > 0
            ? `Needs attention: ${this.failingFlows.slice(0, 3).join(', ')}${this.failingFlows.length > 3 ? '…' : ''}`
            : `Needs attention: ${this.errorAlerts} alert${this.errorAlerts === 1 ? '' : 's'}`
          : 'All flows OK';
    return { status, running, failingFlows: [...this.failingFlows], errorAlerts: this.errorAlerts, summary };
  }

  onChange(listener: (s: ActivitySnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads flows and alerts through the contract. A call that fails keeps the previous picture. */
  async refresh(): Promise<void> {
    const [flows, alerts] = await Promise.all([dispatch(this.impl, 'flows:list', {}), dispatch(this.impl, 'settings:alerts', {})]);
    if (flows.ok) {
      const list = flows.value as Awaited<ReturnType<ServiceImpl['flows:list']>>;
      this.runningFlows = list.filter((f) => f.state === 'running').length;
      this.failingFlows = list.filter((f) => f.state === 'error' || (f.lastRun !== null && FAILING_RUNS.has(f.lastRun.status))).map((f) => f.name);
    }
    if (alerts.ok) {
      const list = alerts.value as Awaited<ReturnType<ServiceImpl['settings:alerts']>>;
      this.errorAlerts = list.filter((a) => a.severity === 'error' && !a.dismissed).length;
    }
    this.emit();
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private onEvent(e: AppEvent): void {
    if (e.name === 'run:started') {
      this.runningRuns.add((e as AppEvent<'run:started'>).payload.id);
      this.emit();
    } else if (e.name === 'run:finished') {
      this.runningRuns.delete((e as AppEvent<'run:finished'>).payload.id);
      this.emit();
      void this.refresh();
    } else if (e.name === 'alert' || e.name === 'flows:changed') {
      void this.refresh();
    }
  }

  private emit(): void {
    const s = this.snapshot();
    for (const l of this.listeners) l(s);
  }
}
