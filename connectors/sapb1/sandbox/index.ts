// `ml-connector sandbox sapb1`: a faithful SAP Business One Service Layer on 127.0.0.1 (spec §12), printing
// one JSON line with both service roots, the company database, the integration user and its password.
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { FaultInjector, parseFaultSpec } from '../../kit/sandbox/faults.ts';
import { seededRandom } from '../../kit/sandbox/random.ts';
import type { RunningSandbox, SandboxOptions, SandboxStarter } from '../../kit/sandbox/types.ts';
import { ServerClock } from './clock.ts';
import type { SandboxCore } from './core.ts';
import type { SeedData } from './data.ts';
import { ResultCache } from './query.ts';
import { createHandler } from './server.ts';
import { SessionStore, type SandboxUser } from './sessions.ts';
import { CompanyState } from './state.ts';
import { parseSwitches } from './switches.ts';
import { selfSignedCertificate } from './tls.ts';

export const SANDBOX_COMPANY = 'SBODEMOUS';
export const SANDBOX_USER = 'manager';
export const SANDBOX_PASSWORD = 'B1-Sandbox!2026';
/** Users whose Login fails in the ways check() must tell apart (spec §2.5, §2.7). */
export const LOCKED_USER = 'locked';
export const UNLICENSED_USER = 'nolicense';

export interface SapB1Sandbox extends RunningSandbox {
  core: SandboxCore;
}

export const startSandbox: SandboxStarter = (options) => startSapB1Sandbox(options);

export async function startSapB1Sandbox(options: SandboxOptions): Promise<SapB1Sandbox> {
  const { tls, ...rest } = options.switches ?? {};
  const switches = parseSwitches(rest);
  const records = options.records ?? 200;
  const seed = options.seed ?? 1;
  const data = options.seedFile ? (JSON.parse(await readFile(options.seedFile, 'utf8')) as Partial<SeedData>) : undefined;
  const users: SandboxUser[] = [
    { name: SANDBOX_USER, password: SANDBOX_PASSWORD, state: 'ok' },
    { name: LOCKED_USER, password: SANDBOX_PASSWORD, state: 'locked' },
    { name: UNLICENSED_USER, password: SANDBOX_PASSWORD, state: 'unlicensed' },
  ];
  const clock = new ServerClock(switches.timeZone);
  const state = new CompanyState(clock, () => core.switches);
  const core: SandboxCore = {
    companyDB: SANDBOX_COMPANY,
    users,
    state,
    sessions: new SessionStore(() => clock.nowMs(), () => core.switches.sessionTimeoutSeconds * 1000),
    switches,
    faults: new FaultInjector(parseFaultSpec(options.faults, ['expire']), seededRandom(seed)),
    cache: new ResultCache(),
    requests: new Map(),
    reseed: () => (data ? state.seed(data) : state.seedGenerated(records, seed)),
  };
  core.reseed();

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
  const line: Record<string, unknown> = {
    system: 'sapb1',
    url: `${origin}/b1s/v2`,
    urlV1: `${origin}/b1s/v1`,
    companyDB: SANDBOX_COMPANY,
    user: SANDBOX_USER,
    password: SANDBOX_PASSWORD,
    admin: `${origin}/__sandbox`,
    records: state.counts(),
    ...(cert && { fingerprint256: cert.fingerprint256, ca: cert.cert }),
  };
  return {
    url: `${origin}/b1s/v2`,
    line,
    core,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
