// Turns a failure of the ODBC driver into the agent's error contract. The ProvideX driver reports
// locked files as busy/locked errors and a lost share or service as connection-class SQLSTATEs
// (08xxx, IM002/IM003 when the driver itself is missing); everything else is a query the agent got wrong.
import { AgentError } from './errors.ts';

export interface DriverProblem {
  sqlState: string;
  driverMessage: string;
}

/** The first error reported by the `odbc` package (or better-sqlite3), secrets removed. */
export function driverProblem(e: unknown): DriverProblem {
  const odbcErrors = (e as { odbcErrors?: { state?: string; message?: string }[] })?.odbcErrors;
  const first = odbcErrors?.[0];
  const sqlState = first?.state ?? (e as { sqlState?: string })?.sqlState ?? '';
  const message = first?.message ?? (e instanceof Error ? e.message : String(e));
  return { sqlState, driverMessage: message.replace(/\b(PWD|Password)=[^;]*/gi, '$1=***') };
}

const LOCKED = /\b(locked|busy|in use|exclusive)\b/i;

/** Connection-class: the connection is unusable and must be reopened. */
export function isConnectionProblem(p: DriverProblem): boolean {
  return /^(08|IM00[23])/.test(p.sqlState) || /Can't open lib|unable to open database|disk I\/O error|not a database/i.test(p.driverMessage);
}

export function classifyDriverError(e: unknown, company: string, during: 'connect' | 'query'): AgentError {
  if (e instanceof AgentError) return e;
  const p = driverProblem(e);
  if (during === 'connect' || isConnectionProblem(p)) {
    return new AgentError('sage.odbc_unavailable', `ODBC connect failed for company ${company}: ${p.driverMessage}. Check the DSN or connection string, that the Sage 100 share or ODBC service is reachable, and the Sage user in the agent's configuration.`, { sqlState: p.sqlState || '08001', driverMessage: p.driverMessage }, 30);
  }
  if (LOCKED.test(p.driverMessage)) {
    return new AgentError('sage.locked', `A Sage 100 file of company ${company} is locked (an exclusive Sage operation such as an update or period end is running). Retry shortly.`, { sqlState: p.sqlState, driverMessage: p.driverMessage }, 5);
  }
  return new AgentError('agent.internal', `The ODBC driver refused the agent's query for company ${company}: ${p.driverMessage}.`, { sqlState: p.sqlState, driverMessage: p.driverMessage });
}
