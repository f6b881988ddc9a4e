// One request through the gateway (spec §2–§4, §9): parse strictly, check the sender (control level),
// authenticate each operation (login or session), run its functions in order, and answer with the
// control block echoed, the authentication block with the session's sliding expiry, and one result per
// function in request order. uniqueid="true" never runs a completed function controlid twice;
// transaction="true" rolls the operation back and marks the rest aborted.
import { child, el, parseXmlTree, textOf, writeXmlTree, XML_DECLARATION, XmlSyntaxError, type XmlTreeElement, type XmlNode } from '../../kit/formats/xml-tree.ts';
import { ResultSets, type Caller, type FunctionContext } from './context.ts';
import { formatIsoWithOffset } from '../dates.ts';
import { AuthError, badSender, ControlError, FunctionError, parseError, signInIncorrect, type GatewayErrorEntry } from './errors.ts';
import { lookup, query, read, readByName, readByQuery, readMore } from './reads.ts';
import type { SandboxBase } from '../../kit/sandbox/base.ts';
import type { Session, SessionStore } from '../../kit/sandbox/sessions.ts';
import type { Store } from './store.ts';
import { listSwitch, type intacctSwitches, type Switches } from './switches.ts';
import { remove, write } from './writes.ts';
import { createBill } from './legacy-bill.ts';
import { LEGACY_DELETE_FUNCTIONS, legacyDelete } from './legacy-delete.ts';

export interface Credentials {
  senderId: string;
  senderPassword: string;
  companyId: string;
  userId: string;
  userPassword: string;
}

/** Who a session (getAPISession, or a login-authenticated request) belongs to. */
export interface SessionData {
  userid: string;
  companyid: string;
  locationid: string;
}

export interface GatewayState {
  creds: Credentials;
  store: Store;
  /** The switches in force (the admin API can change them). */
  readonly switches: Switches;
  sessions: SessionStore<SessionData>;
  /** getAPISession answers: what a client counts as "sessions opened". */
  handedOut: number;
  resultSets: ResultSets;
  /** Completed function results by company and function controlid (uniqueid="true"). */
  completed: Map<string, XmlTreeElement>;
  /** Calls per function name, and executions (not replays) of writes. */
  calls: Map<string, number>;
  now(): number;
  /** When a session used now expires (its lifetime slides with each use). */
  expiresAt(): number;
}

export interface GatewayAnswer {
  status: number;
  body: string;
}

export const newGatewayState = (creds: Credentials, store: Store, base: SandboxBase<typeof intacctSwitches.schema.shape>, sessions: SessionStore<SessionData>): GatewayState => ({
  creds, store, sessions, handedOut: 0, resultSets: new ResultSets(), completed: new Map(), calls: new Map(),
  get switches() {
    return base.switches;
  },
  now: () => base.clock.now(),
  expiresAt: () => base.clock.now() + base.clock.scaled(base.switches.sessionTimeoutSeconds * 1000),
});

const errorMessage = (errors: GatewayErrorEntry[]): XmlTreeElement =>
  el('errormessage', errors.map((e) => el('error', [el('errorno', e.errorno), el('description', e.description ?? ''), el('description2', e.description2 ?? ''), el('correction', e.correction ?? '')])));

// The gateway writes apostrophes as `&#039;` (spec §7).
const doc = (root: XmlTreeElement) => `${XML_DECLARATION}\n${writeXmlTree(root).replaceAll('&apos;', '&#039;')}`;

interface ControlEcho {
  senderid: string;
  controlid: string;
  uniqueid: string;
  dtdversion: string;
}

function controlBlock(status: 'success' | 'failure', c: ControlEcho): XmlTreeElement {
  return el('control', [el('status', status), el('senderid', c.senderid), el('controlid', c.controlid), el('uniqueid', c.uniqueid), el('dtdversion', c.dtdversion)]);
}

function controlFailure(c: ControlEcho, error: GatewayErrorEntry): string {
  return doc(el('response', [controlBlock('failure', c), errorMessage([error])]));
}

/** `<login>`: user, company (or `CONSOLE|CLIENT|ENTITY`), password, optional entity. */
function login(state: GatewayState, node: XmlNode): Caller & { session: Session<SessionData> } {
  const userid = textOf(node, 'userid') ?? '';
  const [companyPart, clientPart, entityPart] = (textOf(node, 'companyid') ?? '').split('|');
  const companyid = clientPart || companyPart || '';
  const locationid = textOf(node, 'locationid') ?? entityPart ?? '';
  const password = textOf(node, 'password') ?? '';
  const { creds, switches } = state;
  if (companyid.toUpperCase() !== creds.companyId.toUpperCase()) {
    if (switches.unknownCompanyAnswer === 'invalid-company') {
      throw new AuthError({ errorno: 'XL03000006', description: 'Invalid Company', description2: `Company '${companyid}' does not exist or is not active.`, correction: 'Check the company ID.' });
    }
    throw signInIncorrect();
  }
  if (!switches.senderAuthorized) {
    throw new AuthError({
      errorno: 'XL03000006', description: 'Invalid Web Services Authorization',
      description2: `The sender ID '${state.creds.senderId}' is not authorized to make Web Services requests to company ID '${companyid}'.`,
      correction: 'Contact the company administrator to grant Web Services authorization to this sender ID.',
    });
  }
  if (userid !== creds.userId || password !== creds.userPassword) throw signInIncorrect();
  if (locationid && !listSwitch(switches.entities).includes(locationid.toUpperCase())) {
    throw new AuthError({ errorno: 'XL03000006', description: '', description2: `Invalid entity '${locationid}': it does not exist in company '${companyid}' or the user has no access to it.`, correction: 'Check the entity (location) ID, or leave it empty for the top level.' });
  }
  // A login-authenticated request gets a session of its own, as the gateway reports one in its block.
  // Its result sets belong to the signed-in user (and entity), not to that one-request session: the
  // official SDK's documented ReadByQuery → ReadMore loop signs in with credentials on every request.
  const session = state.sessions.open({ userid, companyid: creds.companyId, locationid });
  return { userid, companyid: creds.companyId, locationid, sessionKey: `login:${creds.companyId}|${userid}|${locationid.toUpperCase()}`, session };
}

function authBlock(state: GatewayState, status: 'success' | 'failure', who: { userid: string; companyid: string; locationid: string }, session?: Session<SessionData>): XmlTreeElement {
  const tz = state.switches.timeZone;
  return el('authentication', [
    el('status', status), el('userid', who.userid), el('companyid', who.companyid), el('locationid', who.locationid),
    session ? el('sessiontimestamp', formatIsoWithOffset(state.now(), tz)) : undefined,
    session ? el('sessiontimeout', formatIsoWithOffset(state.expiresAt(), tz)) : undefined,
  ]);
}

type Runner = (ctx: FunctionContext, fn: XmlNode) => XmlTreeElement | undefined;
const RUNNERS: Record<string, Runner> = {
  readByQuery, readMore, query, read, readByName, lookup,
  create: (ctx, fn) => write(ctx, fn, 'create'),
  update: (ctx, fn) => write(ctx, fn, 'update'),
  delete: remove,
  create_bill: createBill,
  ...Object.fromEntries(LEGACY_DELETE_FUNCTIONS.map((name) => [name, legacyDelete])),
};
const WRITES = new Set(['create', 'update', 'delete', 'create_bill', ...LEGACY_DELETE_FUNCTIONS]);
/** Writes whose answer never carries <data>, failed or not. */
const NO_DATA = new Set(['delete', 'create_bill', ...LEGACY_DELETE_FUNCTIONS]);

function result(status: string, fn: string, controlid: string, data?: XmlTreeElement, errors?: GatewayErrorEntry[]): XmlTreeElement {
  return el('result', [el('status', status), el('function', fn), el('controlid', controlid), data, errors ? errorMessage(errors) : undefined]);
}

/** The caller's own session when it is for the same entity (a login opens one), else a new one. */
function getAPISession(state: GatewayState, caller: Caller, current: Session<SessionData> | undefined, fnNode: XmlNode): { data: XmlTreeElement; session: Session<SessionData> } {
  const loc = child(fnNode, 'locationid');
  const locationid = loc ? loc.text : caller.locationid;
  if (locationid && !listSwitch(state.switches.entities).includes(locationid.toUpperCase())) {
    throw new FunctionError([{ errorno: 'XL03000006', description: '', description2: `Invalid entity '${locationid}'.`, correction: 'Check the entity (location) ID.' }]);
  }
  const session = current && current.data.locationid === locationid ? current : state.sessions.open({ userid: caller.userid, companyid: caller.companyid, locationid });
  state.handedOut++;
  return { session, data: el('data', [el('api', [el('sessionid', session.id), el('endpoint', state.switches.endpointUrl), el('locationid', locationid)])]) };
}

function runOperation(state: GatewayState, op: XmlNode, uniqueId: boolean): XmlTreeElement {
  const auth = child(op, 'authentication');
  const loginNode = child(auth, 'login');
  const sessionId = textOf(auth, 'sessionid');
  let caller: Caller;
  let session: Session<SessionData> | undefined;
  try {
    if (loginNode) {
      const c = login(state, loginNode);
      session = c.session;
      caller = c;
    } else if (sessionId !== undefined) {
      session = state.sessions.use(sessionId.trim());
      if (!session) throw new AuthError({ errorno: state.switches.invalidSessionErrorNo, description: '', description2: 'Invalid session', correction: 'Sign in again with getAPISession or login credentials.' });
      caller = { ...session.data, sessionKey: session.id };
    } else {
      throw parseError('Element authentication: Missing child element(s). Expected is one of ( login, sessionid, oauth ).');
    }
  } catch (e) {
    if (!(e instanceof AuthError)) throw e;
    const who = { userid: textOf(loginNode, 'userid') ?? '', companyid: (textOf(loginNode, 'companyid') ?? '').split('|')[0] ?? '', locationid: textOf(loginNode, 'locationid') ?? '' };
    return el('operation', [authBlock(state, 'failure', who), errorMessage([e.error])]);
  }

  const transaction = op.attrs.transaction === 'true';
  const functions = (child(op, 'content')?.children ?? []).filter((f) => f.name === 'function');
  const results: XmlTreeElement[] = [];
  const opMark = state.store.mark();
  let failed = false;
  for (const fnNode of functions) {
    const controlid = fnNode.attrs.controlid!;
    const body = fnNode.children[0]!;
    const name = body.name;
    if (failed && transaction) {
      results.push(result('aborted', name, controlid, undefined, [{ errorno: 'XL03000009', description: '', description2: 'The entire transaction in this operation has been rolled back due to an error.', correction: '' }]));
      continue;
    }
    state.calls.set(name, (state.calls.get(name) ?? 0) + 1);
    const key = `${caller.companyid}|${controlid}`;
    if (uniqueId && state.completed.has(key)) {
      if (state.switches.duplicateControlId === 'replay') results.push(state.completed.get(key)!);
      else results.push(result('failure', name, controlid, undefined, [{ errorno: 'Duplicate Control ID', description: '', description2: `A function with control ID '${controlid}' was already executed successfully; with uniqueid true it is not run again.`, correction: 'Use a new control ID to run the function again.' }]));
      continue;
    }
    const ctx: FunctionContext = { store: state.store, switches: state.switches, caller, resultSets: state.resultSets, now: state.now() };
    const mark = state.store.mark();
    try {
      let data: XmlTreeElement | undefined;
      if (name === 'getAPISession') {
        const r = getAPISession(state, caller, session, body);
        data = r.data;
      } else {
        const run = RUNNERS[name];
        if (!run) throw new FunctionError([{ errorno: 'XL03000003', description: '', description2: `Unknown function <${name}>: this gateway accepts getAPISession, readByQuery, readMore, query, read, readByName, lookup, create, update, delete and the legacy create_bill, delete_vendor, delete_customer, delete_contact and delete_bill.`, correction: '' }]);
        data = run(ctx, body);
        if (WRITES.has(name)) state.calls.set(`${name}:executed`, (state.calls.get(`${name}:executed`) ?? 0) + 1);
      }
      const res = result('success', name, controlid, data);
      if (uniqueId) state.completed.set(key, res);
      results.push(res);
    } catch (e) {
      if (!(e instanceof FunctionError)) throw e;
      state.store.rollbackTo(mark);
      const emptyData = WRITES.has(name) && !NO_DATA.has(name) ? el('data', [], { listtype: 'objects', count: '0' }) : undefined;
      results.push(result('failure', name, controlid, emptyData, e.errors));
      failed = true;
    }
  }
  if (failed && transaction) {
    state.store.rollbackTo(opMark);
    const abortError = { errorno: 'XL03000009', description: '', description2: 'The entire transaction in this operation has been rolled back due to an error.', correction: '' };
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      const content = r.content as XmlTreeElement[];
      if ((content[0]!.content as string) === 'success') {
        const fnName = content[1]!.content as string;
        const cid = content[2]!.content as string;
        results[i] = result('aborted', fnName, cid, undefined, [abortError]);
        state.completed.delete(`${caller.companyid}|${cid}`);
      }
    }
  }
  // The block reports the expiry after this request's use of the session.
  return el('operation', [authBlock(state, 'success', caller, session), ...results]);
}

/** Answers one POSTed body. */
export function handleGatewayRequest(state: GatewayState, xml: string): GatewayAnswer {
  const echo: ControlEcho = { senderid: '', controlid: '', uniqueid: 'false', dtdversion: '3.0' };
  try {
    let root: XmlNode;
    try {
      root = parseXmlTree(xml);
    } catch (e) {
      if (e instanceof XmlSyntaxError) throw parseError(`Fatal Error: ${e.message}`);
      throw e;
    }
    if (root.name !== 'request') throw parseError(`Element '${root.name}': No matching global declaration available for the validation root.`);
    const control = child(root, 'control');
    if (!control) throw parseError("Element 'request': Missing child element(s). Expected is ( control ).");
    echo.senderid = textOf(control, 'senderid') ?? '';
    echo.controlid = textOf(control, 'controlid') ?? '';
    echo.uniqueid = textOf(control, 'uniqueid') ?? 'true';
    echo.dtdversion = textOf(control, 'dtdversion') ?? '3.0';
    if (!child(control, 'senderid') || !child(control, 'controlid')) throw parseError("Element 'control': Missing child element(s). Expected is ( senderid, controlid ).");
    if (echo.controlid.length < 1 || echo.controlid.length > 256) throw parseError("Element 'controlid': length must be between 1 and 256.");
    if (!['true', 'false'].includes(echo.uniqueid)) throw parseError(`Element 'uniqueid': '${echo.uniqueid}' is not a valid value of the atomic type 'xs:boolean'.`);
    if (echo.dtdversion !== '3.0') throw parseError(`Element 'dtdversion': '${echo.dtdversion}' is not served by this gateway sandbox; use 3.0.`);
    const operations = root.children.filter((c) => c.name === 'operation');
    if (!operations.length) throw parseError("Element 'request': Missing child element(s). Expected is ( operation ).");
    let count = 0;
    for (const op of operations) {
      if (!child(op, 'authentication')) throw parseError("Element 'operation': Missing child element(s). Expected is ( authentication ).");
      for (const content of op.children.filter((c) => c.name === 'content')) {
        for (const fn of content.children) {
          if (fn.name !== 'function') throw parseError(`Element '${fn.name}': This element is not expected. Expected is ( function ).`);
          const cid = fn.attrs.controlid;
          if (cid === undefined) throw parseError("Element 'function': The attribute 'controlid' is required but missing.");
          if (cid.length > 256) throw parseError("Element 'function', attribute 'controlid': longer than 256 characters.");
          if (fn.children.length !== 1) throw parseError("Element 'function': exactly one function element is expected.");
          count++;
        }
      }
    }
    if (state.switches.maxFunctionsPerRequest > 0 && count > state.switches.maxFunctionsPerRequest) {
      throw parseError(`The request holds ${count} functions; this company allows ${state.switches.maxFunctionsPerRequest}.`);
    }
    if (echo.senderid !== state.creds.senderId || textOf(control, 'password') !== state.creds.senderPassword) {
      if (state.switches.badSenderAnswer === 'http401') {
        return { status: 401, body: controlFailure(echo, { errorno: 'XMLGW_JPP0002', description: 'Sign-in information is incorrect. Please check your request.', description2: '', correction: '' }) };
      }
      throw badSender();
    }
    const ops = operations.map((op) => runOperation(state, op, echo.uniqueid === 'true'));
    return { status: 200, body: doc(el('response', [controlBlock('success', echo), ...ops])) };
  } catch (e) {
    if (e instanceof ControlError) return { status: 200, body: controlFailure(echo, e.error) };
    throw e;
  } finally {
    state.store.settle();
  }
}

