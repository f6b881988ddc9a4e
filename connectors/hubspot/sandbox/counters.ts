// Request counters the admin API exposes: by endpoint, by status, by both, 429s and injected faults.
// Benchmarks and the done-when test assert on these (e.g. "≤200 write requests, no 429").

export interface CounterSnapshot {
  total: number;
  byEndpoint: Record<string, number>;
  byStatus: Record<string, number>;
  byEndpointStatus: Record<string, Record<string, number>>;
  rateLimited: number;
  faults: Record<string, number>;
}

export class RequestCounters {
  private snapshot: CounterSnapshot = RequestCounters.empty();

  static empty(): CounterSnapshot {
    return { total: 0, byEndpoint: {}, byStatus: {}, byEndpointStatus: {}, rateLimited: 0, faults: {} };
  }

  record(endpoint: string, status: number | string): void {
    const s = this.snapshot;
    const key = String(status);
    s.total++;
    s.byEndpoint[endpoint] = (s.byEndpoint[endpoint] ?? 0) + 1;
    s.byStatus[key] = (s.byStatus[key] ?? 0) + 1;
    const per = (s.byEndpointStatus[endpoint] ??= {});
    per[key] = (per[key] ?? 0) + 1;
    if (status === 429) s.rateLimited++;
  }

  fault(name: string): void {
    this.snapshot.faults[name] = (this.snapshot.faults[name] ?? 0) + 1;
  }

  get(): CounterSnapshot {
    return structuredClone(this.snapshot);
  }

  reset(): void {
    this.snapshot = RequestCounters.empty();
  }
}
