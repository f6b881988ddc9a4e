// `ml-connector sandbox intacct`: a faithful Sage Intacct XML gateway on 127.0.0.1 (spec §11–§13), on the
// kit's sandbox server, admin API, faults, counters, clock and sessions; it prints one JSON line with the
// gateway URL, the Web Services sender and the company user.
import { startSandboxServer } from '../../kit/sandbox/server.ts';
import type { RunningSandbox, SandboxDescription, SandboxOptions, SandboxStarter } from '../../kit/sandbox/types.ts';
import { createAdmin } from './admin.ts';
import { SandboxCore } from './core.ts';
import type { Credentials } from './gateway.ts';
import { answerError, createHandler, GATEWAY_PATH } from './server.ts';
import { intacctSwitches } from './switches.ts';

/** Fixed sandbox credentials: mixed case on purpose (sender and user credentials are case-sensitive). */
export const SANDBOX_CREDENTIALS: Credentials = {
  senderId: 'mlconnector_sender',
  senderPassword: 'Sender-Secret!7',
  companyId: 'ACMEDEMO',
  userId: 'svc_api',
  userPassword: 'User-Secret!42',
};

const description: SandboxDescription = {
  system: 'intacct',
  summary: 'Sage Intacct XML gateway (getAPISession, readByQuery/readMore, query, read, create/update/delete, uniqueid, transactions)',
  switches: intacctSwitches.describe(),
  faults: [],
  seedFile: false,
};

async function start(options: SandboxOptions): Promise<RunningSandbox> {
  const core = new SandboxCore(SANDBOX_CREDENTIALS, options);
  const server = await startSandboxServer({
    ...(options.port !== undefined && { port: options.port }),
    ...(options.host && { host: options.host }),
    tls: options.tls === true || core.base.switches.tls,
    counters: core.base.counters,
    faults: core.base.faults,
    admin: createAdmin(core),
    handle: createHandler(core),
    onError: answerError,
    maxBodyBytes: 20 * 1024 * 1024,
    keepAliveTimeoutMs: 30_000,
  });
  const url = `${server.origin}${GATEWAY_PATH}`;
  return { url, line: core.base.line(server, url, { ...SANDBOX_CREDENTIALS, records: core.store.counts() }), close: server.close };
}

export const startSandbox: SandboxStarter = Object.assign(start, { description });
