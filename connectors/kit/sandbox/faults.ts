// Fault injection for sandboxes. A spec is `name=probability` pairs, e.g.
// `429=0.05,500=0.03,reset=0.02,timeout=0.01,slow=0.05`. Each request draws at most one fault.
// Names: any HTTP status (429, 500, 502, 503, ...), `reset` (destroy the socket), `timeout`
// (accept, never answer), `slow` (answer after a delay), plus system-specific names a sandbox
// declares (e.g. `dayend` for Sage 300, `expire` for session-based systems).

export interface FaultSpec {
  readonly entries: readonly { name: string; probability: number }[];
}

export class FaultSpecError extends Error {}

export function parseFaultSpec(spec: string | undefined, allowedNames: readonly string[] = []): FaultSpec {
  if (!spec || !spec.trim()) return { entries: [] };
  const entries: { name: string; probability: number }[] = [];
  let total = 0;
  for (const part of spec.split(',')) {
    const [rawName, rawP] = part.split('=');
    const name = (rawName ?? '').trim();
    const probability = Number((rawP ?? '').trim());
    const known = /^\d{3}$/.test(name) || ['reset', 'timeout', 'slow'].includes(name) || allowedNames.includes(name);
    if (!known) {
      throw new FaultSpecError(
        `Unknown fault "${name}" in --faults "${spec}". Use an HTTP status (429, 500, 503…), reset, timeout, slow${allowedNames.length ? ', ' + allowedNames.join(', ') : ''}.`,
      );
    }
    if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
      throw new FaultSpecError(`Fault "${name}" needs a probability between 0 and 1, got "${rawP ?? ''}" in --faults "${spec}".`);
    }
    total += probability;
    entries.push({ name, probability });
  }
  if (total > 1) throw new FaultSpecError(`Fault probabilities in --faults "${spec}" add up to ${total}, more than 1.`);
  return { entries };
}

/** A small seeded PRNG (mulberry32) so fault sequences are reproducible in tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws the fault for one request, or null. Mutable so tests can switch faults on and off at runtime. */
export class FaultInjector {
  private spec: FaultSpec;
  private readonly random: () => number;
  readonly counts = new Map<string, number>();

  constructor(spec: FaultSpec, random: () => number = Math.random) {
    this.spec = spec;
    this.random = random;
  }

  set(spec: FaultSpec): void {
    this.spec = spec;
  }

  draw(): string | null {
    if (this.spec.entries.length === 0) return null;
    let r = this.random();
    for (const e of this.spec.entries) {
      if (r < e.probability) {
        this.counts.set(e.name, (this.counts.get(e.name) ?? 0) + 1);
        return e.name;
      }
      r -= e.probability;
    }
    return null;
  }
}
