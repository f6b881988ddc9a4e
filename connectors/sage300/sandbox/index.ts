// `ml-connector sandbox sage300`: a faithful Sage 300 Web API on 127.0.0.1 (spec §11), printing one JSON
// line with the base URL through the company, the company, the integration user and its password.
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { RunningSandbox, SandboxOptions, SandboxStarter } from '../../kit/sandbox/types.ts';
import { applySwitchSideEffects } from './admin.ts';
import { RequestCounter, type SandboxCore } from './core.ts';
import type { SeedData } from './data.ts';
import { FaultPlan } from './fault-plan.ts';
import { utcDay } from './records.ts';
import { createHandler } from './server.ts';
import { SandboxState } from './state.ts';
import { parseSwitches } from './switches.ts';
import { selfSignedCertificate } from './tls.ts';

export const SANDBOX_COMPANY = 'SAMINC';
export const SANDBOX_USER = 'WEBAPI';
/** Mixed case on purpose: whether it must be sent exactly or upper-cased depends on the `passwordCase` switch. */
export const SANDBOX_PASSWORD = 'Sage300-Web!';

export const startSandbox: SandboxStarter = async (options: SandboxOptions): Promise<RunningSandbox> => {
  const { tls, ...rest } = options.switches ?? {};
  const switches = parseSwitches(rest);
  const records = options.records ?? 200;
  const seed = options.seed ?? 1;
  const today = switches.today || utcDay(new Date());
  const data = options.seedFile ? (JSON.parse(await readFile(options.seedFile, 'utf8')) as Partial<SeedData>) : undefined;

  const state = new SandboxState(today);
  const core: SandboxCore = {
    company: SANDBOX_COMPANY,
    users: [
      { id: SANDBOX_USER, password: SANDBOX_PASSWORD },
      { id: 'ADMIN', password: 'ADMIN' },
    ],
    state,
    switches,
    faults: new FaultPlan(options.faults, seed),
    requests: new RequestCounter(),
    cold: switches.coldStartMs > 0,
    initial: { records, seed, today, switches, ...(data && { data }), ...(options.faults && { faults: options.faults }) },
  };
  applySwitchSideEffects(core);
  if (data) state.seed(data);
  else state.seedGenerated(records, seed);

  const useTls = tls === true || tls === 'true';
  const cert = useTls ? await selfSignedCertificate() : undefined;
  const handler = createHandler(core, useTls ? 'https' : 'http');
  const listener = (req: Parameters<typeof handler>[0], res: Parameters<typeof handler>[1]) => void handler(req, res);
  const server: Server = cert ? createHttpsServer({ key: cert.key, cert: cert.cert }, listener) : createHttpServer(listener);
  server.keepAliveTimeout = 30_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${useTls ? 'https' : 'http'}://${host === '::1' ? '[::1]' : host}:${port}`;
  const url = `${origin}/Sage300WebApi/v1.0/-/${SANDBOX_COMPANY}`;
  const line: Record<string, unknown> = {
    system: 'sage300',
    url,
    company: SANDBOX_COMPANY,
    user: SANDBOX_USER,
    password: SANDBOX_PASSWORD,
    admin: `${origin}/__sandbox`,
    today,
    records: state.counts(),
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
