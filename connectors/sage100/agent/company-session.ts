// A company's database session: opens its one connection on first use, reopens it after a
// connection-class failure, enforces the query timeout and remembers the last successful query
// (reported by /v1/health). All access goes through the company's queue.
import { CompanyQueue } from './company-queue.ts';
import { AgentError } from './errors.ts';
import { classifyDriverError, driverProblem, isConnectionProblem } from './odbc-errors.ts';
import type { SqlConnection } from './sql-connection.ts';

export type ConnectionFactory = () => Promise<SqlConnection>;

export class CompanySession {
  private conn: SqlConnection | null = null;
  lastSuccessAt: string | null = null;
  lastError: string | null = null;
  readonly queue: CompanyQueue;

  constructor(
    readonly code: string,
    readonly name: string,
    private readonly open: ConnectionFactory,
    queueDepth: number,
    private readonly timeoutMs: number,
    private readonly now: () => string,
  ) {
    this.queue = new CompanyQueue(code, queueDepth);
  }

  get driver(): string | null {
    return this.conn?.driver ?? null;
  }

  /** Runs `work` with the company's connection, serialised, under the query timeout. */
  use<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      let conn: SqlConnection;
      try {
        conn = this.conn ??= await this.open();
      } catch (e) {
        const err = classifyDriverError(e, this.code, 'connect');
        this.lastError = err.message;
        throw err;
      }
      let timer: NodeJS.Timeout | undefined;
      const work$ = work(conn);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new AgentError('sage.timeout', `The query for company ${this.code} took longer than the agent's timeout of ${Math.round(this.timeoutMs / 1000)} s. Narrow it (updatedSince, a smaller limit) or raise queryTimeoutMs.`, { timeoutMs: this.timeoutMs }, 10)),
          this.timeoutMs,
        );
      });
      try {
        const result = await Promise.race([work$, timeout]);
        this.lastSuccessAt = this.now();
        this.lastError = null;
        return result;
      } catch (e) {
        if (e instanceof AgentError && e.code === 'sage.timeout') {
          // The statement keeps the connection busy until it ends; hold the queue until then.
          await work$.catch(() => undefined);
          throw e;
        }
        if (!(e instanceof AgentError) && isConnectionProblem(driverProblem(e))) await this.reset();
        const err = classifyDriverError(e, this.code, 'query');
        this.lastError = err.message;
        throw err;
      } finally {
        clearTimeout(timer);
      }
    });
  }

  async reset(): Promise<void> {
    const c = this.conn;
    this.conn = null;
    await c?.close().catch(() => undefined);
  }
}
