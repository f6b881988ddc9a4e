// One ODBC connection per company and its requests serialised (spec §7.7): the ProvideX driver and
// its file locks do not like concurrent statements on one connection. Requests wait in a bounded
// queue; when it is full the agent answers 429 `agent.busy` with Retry-After instead of piling up.
import { AgentError } from './errors.ts';

export class CompanyQueue {
  private running = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly company: string,
    /** Requests allowed to wait behind the running one. */
    private readonly depth: number,
  ) {}

  get pending(): number {
    return this.waiting.length + (this.running ? 1 : 0);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running) {
      if (this.waiting.length >= this.depth) {
        throw new AgentError('agent.busy', `Company ${this.company} already has ${this.pending} requests running or queued (limit ${this.depth + 1}); retry after the Retry-After delay.`, { queued: this.pending }, 2);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running = true;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running = false;
    }
  }
}
