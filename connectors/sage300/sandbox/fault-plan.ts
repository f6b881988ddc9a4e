// Which fault (if any) the next request gets: queued one-shot faults first (deterministic tests:
// "drop the response of the next POST to OEOrders"), then the probabilistic `--faults` spec drawn with
// the kit's seeded injector. Names beyond the kit's: `dayend` (409 RecordDuplicate "Day End
// Processing" on transaction inserts) and `dropresponse` (the server commits, the client never hears).
import { FaultInjector, parseFaultSpec } from '../../kit/sandbox/faults.ts';
import { seededRandom } from '../../kit/sandbox/random.ts';

export const SAGE_FAULTS = ['dayend', 'dropresponse'] as const;

export interface QueuedFault {
  fault: string;
  method?: string;
  /** Entity set name, e.g. `OEOrders` (case-insensitive). */
  resource?: string;
  /** How many matching requests get it (default 1). */
  times?: number;
}

export class FaultPlan {
  readonly injector: FaultInjector;
  private queue: QueuedFault[] = [];

  constructor(spec: string | undefined, seed: number) {
    this.injector = new FaultInjector(parseFaultSpec(spec, SAGE_FAULTS), seededRandom(seed ^ 0x5a6e));
  }

  setSpec(spec: string): void {
    this.injector.set(parseFaultSpec(spec, SAGE_FAULTS));
  }

  enqueue(entries: QueuedFault[]): void {
    for (const e of entries) {
      parseFaultSpec(`${e.fault}=0`, SAGE_FAULTS);
      this.queue.push({ ...e, times: e.times ?? 1 });
    }
  }

  clear(): void {
    this.queue = [];
    this.injector.set({ entries: [] });
  }

  draw(method: string, resource: string | undefined): string | null {
    const at = this.queue.findIndex(
      (q) => (!q.method || q.method.toUpperCase() === method) && (!q.resource || q.resource.toLowerCase() === resource?.toLowerCase()),
    );
    if (at >= 0) {
      const q = this.queue[at]!;
      q.times = (q.times ?? 1) - 1;
      if (q.times <= 0) this.queue.splice(at, 1);
      return q.fault;
    }
    return this.injector.draw();
  }

  pending(): QueuedFault[] {
    return this.queue.map((q) => ({ ...q }));
  }
}
