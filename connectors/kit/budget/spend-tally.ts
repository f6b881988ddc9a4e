// Who spent an account's API units: the engine runs each flow run inside a tally, and every unit an
// ApiBudget lets through is added to the tally of the code that asked for it. AsyncLocalStorage follows
// the run through its awaits, so two runs (or a run and a dry run) sharing one budget in one process are
// counted apart, and connectors need to know nothing about it.
import { AsyncLocalStorage } from 'node:async_hooks';

/** API units spent per account (`hubspot:<hash>`, `zoho:<origin>:<client>`) by one run. */
export class SpendTally {
  private readonly units = new Map<string, number>();
  private readonly savers = new Set<() => Promise<void>>();

  add(account: string, units: number, save?: () => Promise<void>): void {
    this.units.set(account, (this.units.get(account) ?? 0) + units);
    if (save) this.savers.add(save);
  }

  /** Saves the counts of every budget spent on (they save in batches), so the account's use is current when the run ends. */
  async save(): Promise<void> {
    await Promise.all([...this.savers].map((s) => s().catch(() => undefined)));
  }

  /** `{ account: units }`, for the run's row. */
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.units);
  }
}

const current = new AsyncLocalStorage<SpendTally>();

/** Runs `fn` with every API unit spent inside it (and in what it awaits) counted on `tally`. */
export function withSpendTally<T>(tally: SpendTally, fn: () => Promise<T>): Promise<T> {
  return current.run(tally, fn);
}

/** Called by ApiBudget for units it let through: counts them on the tally of the caller, if any. */
export function tallySpend(account: string, units: number, save?: () => Promise<void>): void {
  current.getStore()?.add(account, units, save);
}
