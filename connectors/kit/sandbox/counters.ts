// Request counters every sandbox keeps and the admin API exposes (`GET /__sandbox/requests`): by
// endpoint, by outcome (status code, or reset/dropped/timeout), by both, 429s, injected faults, and
// how many requests were in flight at once (checks a client's concurrency limit).

export interface CounterSnapshot {
  total: number;
  byEndpoint: Record<string, number>;
  byStatus: Record<string, number>;
  byEndpointStatus: Record<string, Record<string, number>>;
  rateLimited: number;
  faults: Record<string, number>;
  inFlight: number;
  peakInFlight: number;
}

export class RequestCounters {
  private snapshot: CounterSnapshot = RequestCounters.empty(0);

  static empty(inFlight: number): CounterSnapshot {
    return { total: 0, byEndpoint: {}, byStatus: {}, byEndpointStatus: {}, rateLimited: 0, faults: {}, inFlight, peakInFlight: inFlight };
  }

  /** One answered (or deliberately unanswered) request. */
  record(endpoint: string, outcome: number | string): void {
    const s = this.snapshot;
    const key = String(outcome);
    s.total++;
    s.byEndpoint[endpoint] = (s.byEndpoint[endpoint] ?? 0) + 1;
    s.byStatus[key] = (s.byStatus[key] ?? 0) + 1;
    const per = (s.byEndpointStatus[endpoint] ??= {});
    per[key] = (per[key] ?? 0) + 1;
    if (outcome === 429) s.rateLimited++;
  }

  fault(name: string): void {
    this.snapshot.faults[name] = (this.snapshot.faults[name] ?? 0) + 1;
  }

  enter(): void {
    this.snapshot.inFlight++;
    this.snapshot.peakInFlight = Math.max(this.snapshot.peakInFlight, this.snapshot.inFlight);
  }

  leave(): void {
    this.snapshot.inFlight--;
  }

  /** Requests for an endpoint (all when omitted) with an outcome (any when omitted). */
  count(endpoint?: string, outcome?: number | string): number {
    let n = 0;
    for (const [e, per] of Object.entries(this.snapshot.byEndpointStatus)) {
      if (endpoint !== undefined && e !== endpoint) continue;
      for (const [o, c] of Object.entries(per)) if (outcome === undefined || o === String(outcome)) n += c;
    }
    return n;
  }

  get(): CounterSnapshot {
    return structuredClone(this.snapshot);
  }

  /** Zeroes the counts; requests in flight stay in flight. */
  reset(): void {
    this.snapshot = RequestCounters.empty(this.snapshot.inFlight);
  }
}
