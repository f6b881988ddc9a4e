// "Test connection": signs in with getAPISession and tells apart wrong sender credentials, wrong user
// credentials, an unknown company, an unknown entity (by signing in again at the top level), a sender not
// authorised for the company, and missing permissions on the objects the flows use — each with the fix.
import { isConnectorError, type ConnectorError } from '../kit/errors.ts';
import type { CheckProblemCode, CheckResult, ConnectorContext } from '../kit/types.ts';
import { IntacctClient, signInError } from './client.ts';
import type { IntacctConfig } from './config.ts';
import { describeErrors } from './envelope.ts';
import { el } from '../kit/formats/xml-tree.ts';

type Problem = CheckResult['problems'][number];

/** Objects the template reads or writes; one cheap read of each shows a missing permission. */
const PROBED_OBJECTS = ['VENDOR', 'APBILL', 'APBILLITEM', 'CONTACT'];

const CODE_OF: Record<string, CheckProblemCode> = {
  SENDER_REJECTED: 'AUTH_REJECTED',
  SENDER_NOT_AUTHORIZED: 'AUTH_REJECTED',
  SIGN_IN_REJECTED: 'AUTH_REJECTED',
  UNKNOWN_COMPANY: 'UNKNOWN_COMPANY',
  UNKNOWN_ENTITY: 'UNKNOWN_COMPANY',
  TLS_UNTRUSTED: 'TLS_UNTRUSTED',
  TLS_CHANGED: 'TLS_CHANGED',
  UNREACHABLE: 'UNREACHABLE',
  CONNECT_TIMEOUT: 'UNREACHABLE',
  RESET: 'UNREACHABLE',
  TIMEOUT: 'TIMEOUT',
};

function problemOf(e: unknown): Problem {
  if (!isConnectorError(e)) return { code: 'UNEXPECTED', message: e instanceof Error ? e.message : String(e) };
  const err = e as ConnectorError;
  return {
    code: CODE_OF[err.code ?? ''] ?? (err.status && err.status >= 500 ? 'UNREACHABLE' : 'UNEXPECTED'),
    message: err.message,
    ...(err.hint !== undefined && { hint: err.hint }),
    data: { reason: err.code ?? 'UNEXPECTED' },
  };
}

const getSession = (entityId: string) => [{ controlId: 'sessionProvider', body: el('getAPISession', entityId ? [el('locationid', entityId)] : null) }];

/** Signs in; returns the refusal as an error, or undefined when the login was accepted. */
async function signIn(client: IntacctClient, config: IntacctConfig, signal: AbortSignal): Promise<ConnectorError | undefined> {
  const res = await client.probeLogin(getSession(config.entityId), signal);
  if (res.control.status === 'failure') return signInError(res.errors, config, 'control');
  const op = res.operation;
  if (op?.auth.status === 'failure') return signInError(op.errors, config, 'authentication');
  const result = op?.results[0];
  if (result && result.status !== 'success') return signInError(result.errors, config, 'authentication');
  return undefined;
}

export async function checkConnection(config: IntacctConfig, ctx: ConnectorContext): Promise<CheckResult> {
  let client: IntacctClient;
  try {
    client = new IntacctClient(config, ctx, { retry: false, readTimeoutMs: 30_000 });
  } catch (e) {
    const p = problemOf(e);
    return { ok: false, summary: p.message, problems: [p] };
  }
  try {
    const refused = await signIn(client, config, ctx.signal);
    if (refused) {
      // With an entity, a refusal may be the entity alone: sign in at the top level to find out.
      if (config.entityId && refused.code === 'SIGN_IN_REJECTED') {
        const topLevel = await signIn(new IntacctClient({ ...config, entityId: '' }, ctx, { retry: false }), { ...config, entityId: '' }, ctx.signal);
        if (!topLevel) {
          const p: Problem = {
            code: 'UNKNOWN_COMPANY',
            message: `Signed in to ${config.companyId}, but not to the entity ${config.entityId}: ${refused.message}`,
            hint: 'Check the entity (location) ID, or leave it empty for the top level; the user also needs access to that entity.',
            data: { reason: 'UNKNOWN_ENTITY' },
          };
          return { ok: false, summary: p.message, problems: [p] };
        }
      }
      const p = problemOf(refused);
      return { ok: false, summary: p.message, problems: [p] };
    }
    const results = await client.execute(
      PROBED_OBJECTS.map((object) => ({ body: el('readByQuery', [el('object', object), el('fields', 'RECORDNO'), el('query', ''), el('pagesize', '1')]) })),
      { signal: ctx.signal },
    );
    const denied = results.map((r, i) => ({ r, object: PROBED_OBJECTS[i]! })).filter(({ r }) => r.status !== 'success');
    if (denied.length) {
      const problems: Problem[] = denied.map(({ r, object }) => ({
        code: 'MISSING_SCOPE',
        message: `The user ${config.userId} cannot read ${object}: ${describeErrors(r.errors)}`,
        hint: `In Intacct, give ${config.userId} (or its role) permission on ${object === 'CONTACT' ? 'Company → Contacts' : object.startsWith('APBILL') ? 'Accounts Payable → Bills' : 'Accounts Payable → Vendors'} (list, view, add, edit).`,
        data: { object },
      }));
      return { ok: false, summary: `Signed in to ${config.companyId}, but ${denied.map((d) => d.object).join(', ')} cannot be read.`, problems };
    }
    return {
      ok: true,
      summary: `Connected to ${config.companyId}${config.entityId ? ` / ${config.entityId}` : ''} as ${config.userId} through sender ${config.senderId}`,
      problems: [],
    };
  } catch (e) {
    const p = problemOf(e);
    return { ok: false, summary: p.message, problems: [p] };
  } finally {
    await client.close();
  }
}
