// What one function sees while it runs: the company data, switches, who is signed in, and the state
// that outlives a request (readByQuery result sets).
import { randomBytes } from 'node:crypto';
import { FunctionError } from './errors.ts';
import { objectDef, type ObjectDef } from './objects.ts';
import type { Store } from './store.ts';
import { listSwitch, type Switches } from './switches.ts';

export interface Caller {
  userid: string;
  companyid: string;
  locationid: string;
  /** The session's id, or a per-request id for login authentication. */
  sessionKey: string;
}

export interface ResultSet {
  object: ObjectDef;
  fields: string[] | '*';
  remaining: number[];
  total: number;
  pageSize: number;
  sessionKey: string;
  expiresAt: number;
}

export class ResultSets {
  private readonly sets = new Map<string, ResultSet>();
  /** Latest set per session and object, for `<readMore><object>`. */
  private readonly latest = new Map<string, string>();

  open(set: ResultSet): string {
    const id = `${randomBytes(9).toString('hex')}V${randomBytes(12).toString('base64url')}`;
    this.sets.set(id, set);
    this.latest.set(`${set.sessionKey}|${set.object.name}`, id);
    return id;
  }

  get(id: string, now: number): ResultSet | undefined {
    const set = this.sets.get(id);
    if (set && set.expiresAt < now) {
      this.sets.delete(id);
      return undefined;
    }
    return set;
  }

  latestFor(sessionKey: string, object: string): string | undefined {
    return this.latest.get(`${sessionKey}|${object}`);
  }

  close(id: string): void {
    this.sets.delete(id);
  }

  clear(): void {
    this.sets.clear();
    this.latest.clear();
  }
}

export interface FunctionContext {
  store: Store;
  switches: Switches;
  caller: Caller;
  resultSets: ResultSets;
  now: number;
}

const OPERATION_NAMES: Record<string, string> = {
  readByQuery: 'READ_BY_QUERY', readMore: 'READ_MORE', query: 'QUERY', read: 'READ', readByName: 'READ_BY_NAME',
  create: 'CREATE', update: 'UPDATE', delete: 'DELETE', lookup: 'LOOKUP',
};

/** The object named in a function, refused when unknown or when the user lacks permission on it. */
export function resolveObject(ctx: FunctionContext, name: string | undefined, fn: string): ObjectDef {
  const def = name ? objectDef(name) : undefined;
  if (!def) {
    throw new FunctionError([{ errorno: 'BL01001973', description: '', description2: `Object definition ${name ?? '(none)'} not found`, correction: 'Check the object name; use lookup to list objects.' }]);
  }
  if (listSwitch(ctx.switches.deniedObjects).includes(def.name)) {
    throw new FunctionError([
      {
        errorno: 'Permission Denied',
        description: '',
        description2: `You do not have permission for API operation ${OPERATION_NAMES[fn] ?? fn.toUpperCase()} on objects of type ${def.name.toLowerCase()}`,
        correction: 'Ask a company administrator to grant the Web Services user the needed permission on this object.',
      },
    ]);
  }
  return def;
}
