import type { EngineContext } from './context.ts';
import type { Counts } from './run-types.ts';
import type { RunProgress } from '../../preload/contract/index.ts';

/**
 * Emits run progress (records/s, ETA) at most every 250 ms. While reading, records count as read when
 * their page arrives, not only once their group (up to a couple of thousand records) is processed: a
 * slow source otherwise showed "0 records · 0 records/s" for its first ten seconds.
 */
export class ProgressMeter {
  private readonly started = Date.now();
  private last = 0;
  private arrived = 0;
  private current: RunProgress['phase'] = 'reading';
  total: number | null = null;

  constructor(
    private readonly ctx: Pick<EngineContext, 'events'>,
    private readonly runId: string,
    private readonly flowId: string,
    private readonly counts: Counts,
  ) {}

  phase(p: RunProgress['phase']): void {
    this.current = p;
    this.emit();
  }

  /** A page of `n` records arrived from the source. */
  received(n: number): void {
    this.arrived += n;
    this.tick();
  }

  tick(): void {
    if (Date.now() - this.last >= 250) this.emit();
  }

  private emit(): void {
    this.last = Date.now();
    const c = this.counts;
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const read = Math.max(c.read, this.arrived);
    const rate = read / seconds;
    this.ctx.events.progress({
      runId: this.runId,
      flowId: this.flowId,
      phase: this.current,
      read,
      written: c.created + c.updated,
      unchanged: c.unchanged,
      failed: c.failed,
      total: this.total,
      recordsPerSecond: Math.round(rate * 10) / 10,
      etaSeconds: this.total !== null && rate > 0 ? Math.max(0, Math.round((this.total - read) / rate)) : null,
    });
  }
}
