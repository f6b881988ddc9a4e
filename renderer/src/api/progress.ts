// Latest `run:progress` per flow, kept outside react-query (it changes several times a second) and read
// with useSyncExternalStore. A flow's entry is dropped when its run finishes.
import type { AppEvent, RunProgress } from '../../../preload/contract/index.ts';

type Snapshot = ReadonlyMap<string, RunProgress>;

export class ProgressStore {
  private snapshot: Snapshot = new Map();
  private readonly listeners = new Set<() => void>();

  handle(event: AppEvent): void {
    if (event.name === 'run:progress') {
      const p = event.payload as RunProgress;
      this.update((m) => m.set(p.flowId, p));
    } else if (event.name === 'run:finished') {
      const flowId = (event.payload as { flowId: string }).flowId;
      if (this.snapshot.has(flowId)) this.update((m) => m.delete(flowId));
    }
  }

  private update(change: (m: Map<string, RunProgress>) => void) {
    const next = new Map(this.snapshot);
    change(next);
    this.snapshot = next;
    for (const l of this.listeners) l();
  }

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): Snapshot => this.snapshot;
}
