// `ml-connector sandbox intacct`: a faithful Sage Intacct XML gateway on 127.0.0.1 (spec §11–§13),
// printing one JSON line with the gateway URL, the Web Services sender and the company user.
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { sandboxCertificate } from '../../kit/sandbox/certificate.ts';
import type { RunningSandbox, SandboxOptions, SandboxStarter } from '../../kit/sandbox/types.ts';
import { SandboxCore } from './core.ts';
import type { Credentials } from './gateway.ts';
import { createHandler, GATEWAY_PATH } from './server.ts';
import { parseSwitches } from './switches.ts';

/** Fixed sandbox credentials: mixed case on purpose (sender and user credentials are case-sensitive). */
export const SANDBOX_CREDENTIALS: Credentials = {
  senderId: 'mlconnector_sender',
  senderPassword: 'Sender-Secret!7',
  companyId: 'ACMEDEMO',
  userId: 'svc_api',
  userPassword: 'User-Secret!42',
};

export const startSandbox: SandboxStarter = async (options: SandboxOptions): Promise<RunningSandbox> => {
  const { tls: tlsSwitch, ...rest } = options.switches ?? {};
  const tls = options.tls === true || tlsSwitch === true || tlsSwitch === 'true';
  const switches = parseSwitches(rest);
  const seed = options.seed ?? 1;
  const core = new SandboxCore(SANDBOX_CREDENTIALS, { vendors: options.records ?? 50, seed, switches, ...(options.faults && { faults: options.faults }) });
  const handler = createHandler(core);
  const cert = tls ? await sandboxCertificate() : undefined;
  const listener = (req: Parameters<typeof handler>[0], res: Parameters<typeof handler>[1]) => void handler(req, res);
  const server: Server = cert ? createHttpsServer({ key: cert.key, cert: cert.cert }, listener) : createServer(listener);
  server.keepAliveTimeout = 30_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${cert ? 'https' : 'http'}://${host === '::1' ? '[::1]' : host}:${port}`;
  const url = `${origin}${GATEWAY_PATH}`;
  const line: Record<string, unknown> = {
    system: 'intacct',
    url,
    ...SANDBOX_CREDENTIALS,
    admin: `${origin}/__sandbox`,
    records: core.store.counts(),
    ...(cert && { fingerprint256: cert.fingerprint256, ca: cert.cert }),
  };
  return {
    url,
    line,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
