// The one interface the HTTP client uses to wait before a request: rate limiters (rate-limit.ts),
// one-request-at-a-time semaphores for on-prem ERPs (concurrency.ts) and anything else that
// paces traffic. A permit is released with the response, so a gate can learn from its headers.

export interface GateOutcome {
  status?: number;
  headers?: Headers;
}

export interface Permit {
  /** Call exactly once, with the response when there was one. */
  release(outcome?: GateOutcome): void;
}

export interface RequestGate {
  /**
   * Resolves when the request may go; rejects (e.g. BudgetExhaustedError API_BUDGET, or on abort) when it
   * must not. A plain release function is accepted too, so concurrency.ts's Semaphore is a gate as is.
   */
  acquire(signal?: AbortSignal): Promise<Permit | (() => void)>;
}

function asPermit(p: Permit | (() => void)): Permit {
  return typeof p === 'function' ? { release: () => p() } : p;
}

/** Acquires several gates in order; releases those already held if a later one refuses. */
export async function acquireAll(gates: readonly RequestGate[], signal?: AbortSignal): Promise<Permit> {
  const held: Permit[] = [];
  try {
    for (const g of gates) held.push(asPermit(await g.acquire(signal)));
  } catch (e) {
    for (const p of held.reverse()) p.release();
    throw e;
  }
  return {
    release(outcome) {
      for (const p of held.reverse()) p.release(outcome);
    },
  };
}
