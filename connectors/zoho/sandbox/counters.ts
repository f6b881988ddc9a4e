// Request counters per endpoint and status, read by tests and the bench (requests per 1,000 records).
export class RequestCounters {
  private byEndpoint = new Map<string, Map<string, number>>();
  requests = 0;

  record(endpoint: string, status: number | string): void {
    this.requests++;
    const m = this.byEndpoint.get(endpoint) ?? new Map<string, number>();
    m.set(String(status), (m.get(String(status)) ?? 0) + 1);
    this.byEndpoint.set(endpoint, m);
  }

  get(): { requests: number; endpoints: Record<string, Record<string, number>> } {
    return { requests: this.requests, endpoints: Object.fromEntries([...this.byEndpoint].map(([k, v]) => [k, Object.fromEntries(v)])) };
  }

  reset(): void {
    this.byEndpoint.clear();
    this.requests = 0;
  }
}
