// The parts every sandbox starts with, made from the common options in one call: its clock (time scale,
// "today"), fault plan (spec + queue, seeded), request counters, switches (validated, changeable through
// the admin API) and seeded data generator; and the JSON line every `ml-connector sandbox` prints.
import type { z } from 'zod';
import type { AdminDefinition } from './admin.ts';
import { SandboxClock } from './clock.ts';
import { RequestCounters } from './counters.ts';
import { FakeData } from './fake-data.ts';
import { FaultPlan } from './faults.ts';
import type { SandboxServer } from './server.ts';
import type { SwitchSet, SwitchShape } from './switches.ts';
import type { SandboxOptions } from './types.ts';

export interface SandboxBaseDefinition<S extends SwitchShape> {
  system: string;
  switches: SwitchSet<S>;
  /** Fault names beyond the standard ones (HTTP statuses, reset, timeout, slow, expire). */
  faultNames?: readonly string[];
  /** Seed of the fault draws from the options' seed (default: the same seed). */
  faultSeed?: (seed: number) => number;
  /** Default `seed` when the options give none. */
  defaultSeed?: number;
  /** "today" at start; default: follow the real UTC date. */
  today?: (switches: z.infer<z.ZodObject<S>>) => string | undefined;
}

export class SandboxBase<S extends SwitchShape> {
  readonly clock: SandboxClock;
  readonly faults: FaultPlan;
  readonly counters = new RequestCounters();
  readonly seed: number;
  /** The switches as given at start (a reset may return to them). */
  readonly initialSwitches: z.infer<z.ZodObject<S>>;
  switches: z.infer<z.ZodObject<S>>;

  constructor(
    readonly definition: SandboxBaseDefinition<S>,
    readonly options: SandboxOptions,
  ) {
    this.initialSwitches = definition.switches.parse(options.switches ?? {});
    this.switches = this.initialSwitches;
    this.seed = options.seed ?? definition.defaultSeed ?? 1;
    this.clock = new SandboxClock({ timeScale: options.timeScale ?? 1, today: definition.today?.(this.switches) });
    this.faults = new FaultPlan(options.faults, definition.faultSeed ? definition.faultSeed(this.seed) : this.seed, definition.faultNames ?? []);
  }

  get system(): string {
    return this.definition.system;
  }

  /** A fresh seeded data generator (same seed, same data). */
  fake(seed = this.seed): FakeData {
    return new FakeData(seed);
  }

  /** Applies an admin switch change; returns the switches now in force. */
  changeSwitches(change: Record<string, unknown>): z.infer<z.ZodObject<S>> {
    this.switches = this.definition.switches.merge(this.switches, change);
    return this.switches;
  }

  /** What AdminApi needs from the base; spread it into the sandbox's admin definition. */
  adminParts(onSwitches?: () => void): Pick<AdminDefinition, 'system' | 'counters' | 'faults' | 'clock' | 'switches'> {
    return {
      system: this.system,
      counters: this.counters,
      faults: this.faults,
      clock: this.clock,
      switches: {
        get: () => this.switches,
        set: (change) => {
          const out = this.changeSwitches(change);
          onSwitches?.();
          return out;
        },
      },
    };
  }

  /** The one JSON line: system, url, admin, fingerprint256 + ca under TLS, then the sandbox's facts. */
  line(server: SandboxServer, url: string, facts: Record<string, unknown>): Record<string, unknown> {
    return {
      system: this.system,
      url,
      admin: server.admin,
      ...facts,
      timeScale: this.clock.timeScale,
      ...(server.certificate && { fingerprint256: server.certificate.fingerprint256, ca: server.certificate.cert }),
    };
  }
}
