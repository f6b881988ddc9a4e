// Fault injection for sandboxes, the same for every system. Two sources, queued first:
// - queued one-shot faults ("the next 2 GETs of ARCustomers answer 503"): deterministic tests;
// - a probabilistic spec of `name=probability` pairs, e.g. `429=0.05,500=0.03,reset=0.02,timeout=0.01,slow=0.05`,
//   drawn with a seeded PRNG so runs replay.
// Names every sandbox understands: any HTTP status (429, 500, 502, 503, ...), `reset` (destroy the
// socket), `timeout` (accept, never answer), `slow` (answer after a delay), `expire` (the caller's
// session or token expires now; sandboxes without sessions answer it as 401). A sandbox may declare
// more (e.g. `dayend` for Sage 300, `daily429` for HubSpot).
import { z } from 'zod';
import { seededRandom } from './random.ts';

export const STANDARD_FAULTS = ['reset', 'timeout', 'slow', 'expire'] as const;

export interface FaultSpec {
  readonly entries: readonly { name: string; probability: number }[];
}

export class FaultSpecError extends Error {
  override name = 'FaultSpecError';
}

function checkName(name: string, allowedNames: readonly string[], where: string): void {
  const known = /^\d{3}$/.test(name) || (STANDARD_FAULTS as readonly string[]).includes(name) || allowedNames.includes(name);
  if (!known) {
    throw new FaultSpecError(
      `Unknown fault "${name}" in ${where}. Use an HTTP status (429, 500, 503…), ${[...STANDARD_FAULTS, ...allowedNames].join(', ')}.`,
    );
  }
}

export function parseFaultSpec(spec: string | undefined, allowedNames: readonly string[] = []): FaultSpec {
  if (!spec || !spec.trim()) return { entries: [] };
  const entries: { name: string; probability: number }[] = [];
  let total = 0;
  for (const part of spec.split(',')) {
    const [rawName, rawP] = part.split('=');
    const name = (rawName ?? '').trim();
    const probability = Number((rawP ?? '').trim());
    checkName(name, allowedNames, `--faults "${spec}"`);
    if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
      throw new FaultSpecError(`Fault "${name}" needs a probability between 0 and 1, got "${rawP ?? ''}" in --faults "${spec}".`);
    }
    total += probability;
    entries.push({ name, probability });
  }
  if (total > 1) throw new FaultSpecError(`Fault probabilities in --faults "${spec}" add up to ${total}, more than 1.`);
  return { entries };
}

/** Draws the fault for one request from a spec, or null. Mutable so tests can switch faults on and off at runtime. */
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

export const queuedFaultSchema = z.object({
  fault: z.string().min(1),
  /** Only requests with this method (any case). */
  method: z.string().optional(),
  /** Only requests for this resource, as the sandbox names it (Sage: entity set; HubSpot: object type); any case. */
  resource: z.string().optional(),
  /** How many matching requests get it (default 1). */
  times: z.number().int().min(1).optional(),
});
export type QueuedFault = z.infer<typeof queuedFaultSchema>;

/** The admin API's fault change: a new spec, queued one-shots, or clear both. */
export const faultChangeSchema = z.object({
  spec: z.string().optional(),
  once: z.array(queuedFaultSchema).optional(),
  clear: z.boolean().optional(),
});
export type FaultChange = z.infer<typeof faultChangeSchema>;

/** Queued faults first, then the probabilistic spec. */
export class FaultPlan {
  private readonly injector: FaultInjector;
  private queue: QueuedFault[] = [];
  private specText = '';

  constructor(
    spec: string | undefined,
    seed: number,
    private readonly allowedNames: readonly string[] = [],
  ) {
    this.injector = new FaultInjector(parseFaultSpec(spec, allowedNames), seededRandom(seed));
    this.specText = spec ?? '';
  }

  get spec(): string {
    return this.specText;
  }

  setSpec(spec: string): void {
    this.injector.set(parseFaultSpec(spec, this.allowedNames));
    this.specText = spec;
  }

  enqueue(entries: readonly QueuedFault[]): void {
    for (const e of entries) checkName(e.fault, this.allowedNames, 'the queued faults');
    for (const e of entries) this.queue.push({ ...e, times: e.times ?? 1 });
  }

  clear(): void {
    this.queue = [];
    this.setSpec('');
  }

  /** Applies an admin change (clear, then spec, then queue). */
  apply(change: FaultChange): void {
    if (change.clear) this.clear();
    if (change.spec !== undefined) this.setSpec(change.spec);
    if (change.once) this.enqueue(change.once);
  }

  /** `resource`: what the request is for — or all it is for (an Intacct request holds several functions). */
  draw(method: string, resource: string | readonly string[] | undefined): string | null {
    const resources = (typeof resource === 'string' ? [resource] : (resource ?? [])).map((r) => r.toLowerCase());
    const at = this.queue.findIndex(
      (q) => (!q.method || q.method.toUpperCase() === method.toUpperCase()) && (!q.resource || resources.includes(q.resource.toLowerCase())),
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
