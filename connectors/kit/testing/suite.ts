// One conformance suite for every connector, generated from its manifest and run against its own
// sandbox (started through `capabilities.sandbox`, connected through `capabilities.demo.connection`).
// Call it from a connector's test file in one line:
//   describeConformance({ manifest: sage300Manifest, tls: true, destinations: { arCustomers: {...} } });
// It checks: check() with good and bad credentials (and, for on-premise systems, refuses an untrusted
// certificate and accepts a pinned one); the manifest's entity names equal the connector's; every source
// entity read to the end in several pages and resumed from a cursor (runSourceConformance); every
// destination upserted idempotently with a bad record failing alone and batch-read back
// (runDestinationConformance); and no secret — configured ones, the sandbox's tokens and passwords, and
// any the connector learns (session cookies, access tokens: `extraSecrets`) — in logs, errors or results;
// and that every request goes through ConnectorContext.allowedHosts (given as the host gives it, and
// with nothing allowed the connector sends nothing: check() says so and reads fail with HOST_NOT_ALLOWED).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedRegistry } from '../registry.ts';
import { connectionAllowedHosts } from '../hosts.ts';
import { memoryState } from '../state/memory-state.ts';
import type { Connector, ConnectorContext, ConnectorManifest, Logger } from '../types.ts';
import type { RunningSandbox, SandboxOptions } from '../sandbox/types.ts';
import { runDestinationConformance, runSourceConformance, type DestinationConformanceOptions } from './conformance.ts';

export interface ConformanceConnection<Config> {
  config: Config;
  secrets: Record<string, string>;
  line: Record<string, unknown>;
  sandbox: RunningSandbox;
}

export interface ConformanceSuiteOptions<Config> {
  manifest: ConnectorManifest<Config>;
  /** Options of the suite's sandbox (default: 40 records, seed 3, time scale 20). */
  sandbox?: SandboxOptions;
  /** Source page size, small so every entity spans several pages (default 7). */
  pageSize?: number;
  /** Records each source must return at least (default 1). */
  minRecords?: Partial<Record<string, number>>;
  /** On-premise system: check() must refuse the sandbox's self-signed certificate and accept it pinned. */
  tls?: boolean;
  /** How to write each destination object; every one the manifest names needs an entry or `{ skip: reason }`. */
  destinations?: Record<string, DestinationConformanceOptions | { skip: string }>;
  /** Runs once before the destination checks (e.g. CRM setup creating the unique key properties). */
  prepare?(connection: ConformanceConnection<Config>, ctx: ConnectorContext): Promise<void>;
  /** Secrets the connector obtains at run time (session cookies, access tokens), read from the sandbox after the run. */
  extraSecrets?(connection: ConformanceConnection<Config>): Promise<string[]>;
}

/** A logger that keeps every call as text, to search for secrets afterwards. */
function recordingLogger(into: string[]): Logger {
  const keep = (level: string) => (obj: object | string, msg?: string) => void into.push(`${level} ${typeof obj === 'string' ? obj : JSON.stringify(obj)} ${msg ?? ''}`);
  return { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return `${e.name}: ${e.message} ${JSON.stringify(e)} ${e.stack ?? ''} ${e.cause ? errorText(e.cause) : ''}`;
}

/** Values in the sandbox's line that are credentials. */
const LINE_SECRETS = ['password', 'token', 'accessToken', 'clientSecret', 'refreshToken', 'apiKey', 'senderPassword', 'userPassword'];

function lineSecrets(line: Record<string, unknown>): string[] {
  const out: string[] = [];
  const visit = (value: unknown, key: string): void => {
    if (typeof value === 'string' && LINE_SECRETS.includes(key)) out.push(value);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  visit(line, '');
  return out;
}

export function describeConformance<Config>(options: ConformanceSuiteOptions<Config>): void {
  const { manifest } = options;
  const sandboxCapability = manifest.capabilities?.sandbox;
  const demo = manifest.capabilities?.demo;
  if (!sandboxCapability || !demo) throw new Error(`${manifest.id}: the conformance suite needs capabilities.sandbox and capabilities.demo (how a sandbox's line becomes a connection).`);

  const haystack: string[] = [];
  const opened: Connector[] = [];
  const sandboxes: RunningSandbox[] = [];

  const connect = async (sandboxOptions: SandboxOptions, tls?: 'pin'): Promise<ConformanceConnection<Config>> => {
    const start = await sandboxCapability();
    const sandbox = await start({ port: 0, records: 40, seed: 3, timeScale: 20, ...demo.sandboxOptions, ...options.sandbox, ...sandboxOptions });
    sandboxes.push(sandbox);
    const { settings, secrets } = demo.connection(sandbox.line);
    const trust = tls === 'pin' ? { tls: { fingerprint256: String(sandbox.line.fingerprint256) } } : {};
    return { config: manifest.configSchema.parse({ ...settings, ...trust }), secrets, line: sandbox.line, sandbox };
  };
  const open = (
    connection: ConformanceConnection<Config>,
    secrets = connection.secrets,
    allowedHosts: readonly string[] = connectionAllowedHosts(manifest, [new URL(connection.sandbox.url).origin], connection.config),
  ): { connector: Connector; ctx: ConnectorContext } => {
    const ctx: ConnectorContext = {
      logger: recordingLogger(haystack),
      clock: { now: () => new Date() },
      signal: new AbortController().signal,
      secrets,
      registry: createSharedRegistry(),
      state: memoryState(`conformance-${manifest.id}-${opened.length}`),
      allowedHosts,
    };
    const connector = manifest.create(connection.config, ctx);
    opened.push(connector);
    return { connector, ctx };
  };

  describe(`${manifest.id} conformance (kit/testing/suite.ts)`, () => {
    let main: ConformanceConnection<Config>;
    let connector: Connector;
    let ctx: ConnectorContext;

    beforeAll(async () => {
      main = await connect({});
      ({ connector, ctx } = open(main));
    });
    afterAll(async () => {
      await Promise.allSettled(opened.map((c) => c.close()));
      await Promise.allSettled(sandboxes.map((s) => s.close()));
    });

    it('names the same sources and destinations as its manifest', () => {
      expect(Object.keys(connector.sources).sort()).toEqual([...manifest.entities.sources].sort());
      expect(Object.keys(connector.destinations).sort()).toEqual([...manifest.entities.destinations].sort());
    });

    it('check() passes with the sandbox credentials', async () => {
      const result = await connector.check();
      haystack.push(JSON.stringify(result));
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
    });

    it('check() refuses each wrong secret with AUTH_REJECTED, and reading with it fails', async () => {
      const required = manifest.secrets.filter((s) => !s.optional && main.secrets[s.name]);
      expect(required.length).toBeGreaterThan(0);
      for (const spec of required) {
        const wrong = { ...main.secrets, [spec.name]: `${main.secrets[spec.name]}-wrong` };
        const { connector: bad } = open(main, wrong);
        const result = await bad.check();
        haystack.push(JSON.stringify(result));
        expect(result.ok, `${spec.name} wrong`).toBe(false);
        expect(result.problems.map((p) => p.code), `${spec.name} wrong`).toContain('AUTH_REJECTED');
        const first = manifest.entities.sources[0];
        if (first) {
          const read = (async () => {
            for await (const page of bad.sources[first]!.read({ since: null, signpost: new Date() })) void page;
          })();
          const error = await read.then(() => undefined, (e: unknown) => e);
          expect(error, `reading ${first} with a wrong ${spec.name}`).toBeDefined();
          haystack.push(errorText(error));
        }
      }
    });

    it('sends nothing outside its allowed hosts: with none allowed, check() says so and reads fail with HOST_NOT_ALLOWED', async () => {
      const { connector: fenced } = open(main, main.secrets, []);
      const result = await fenced.check();
      haystack.push(JSON.stringify(result));
      expect(result.ok).toBe(false);
      expect(result.problems.map((p) => p.message).join(' ')).toMatch(/credentials may only go to .*Nothing was sent/);
      const first = manifest.entities.sources[0];
      if (first) {
        const read = (async () => {
          for await (const page of fenced.sources[first]!.read({ since: null, signpost: new Date() })) void page;
        })();
        expect(await read.then(() => undefined, (e: unknown) => e)).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
      }
    });

    if (options.tls) {
      it('check() refuses an untrusted certificate and accepts the same server pinned', async () => {
        const untrusted = await connect({ tls: true, records: 3 });
        expect(String(untrusted.line.url)).toMatch(/^https:/);
        const refused = await open(untrusted).connector.check();
        haystack.push(JSON.stringify(refused));
        expect(refused.ok).toBe(false);
        expect(refused.problems.map((p) => p.code)).toContain('TLS_UNTRUSTED');
        const pinned = await connect({ tls: true, records: 3 }, 'pin');
        const accepted = await open(pinned).connector.check();
        expect(accepted.problems).toEqual([]);
        expect(accepted.ok).toBe(true);
      });
    }

    for (const name of manifest.entities.sources) {
      it(`source ${name}: read to the end in pages, resumed from a cursor, incrementally from the epoch`, async () => {
        const source = connector.sources[name];
        expect(source, `source ${name}`).toBeDefined();
        const report = await runSourceConformance(source!, { minRecords: options.minRecords?.[name] ?? 1, pageSize: options.pageSize ?? 7 });
        expect(report.full.records).toBeGreaterThanOrEqual(options.minRecords?.[name] ?? 1);
      });
      it(`source ${name}: reads one record by its id as a read returns it, and nothing for an unknown id`, async (ctx) => {
        const source = connector.sources[name]!;
        if (!source.readOne) return ctx.skip();
        const [first] = await source.sample(1);
        expect(first, `a ${name} record to read back`).toBeDefined();
        const id = source.idOf(first!);
        const one = await source.readOne(id);
        expect(one).not.toBeNull();
        expect(source.idOf(one!)).toBe(id);
        // Everything a read returned for it comes back the same (a single read may carry more fields).
        for (const [field, value] of Object.entries(first!)) expect(one![field], `${name}.${field}`).toEqual(value);
        expect(await source.readOne(`ZZ-no-such-${Date.now()}`)).toBeNull();
      });
    }

    let prepared = false;
    for (const name of manifest.entities.destinations) {
      const spec = options.destinations?.[name];
      if (spec && 'skip' in spec) {
        it.skip(`destination ${name}: ${spec.skip}`, () => undefined);
        continue;
      }
      it(`destination ${name}: upserted idempotently, a bad record fails alone, batch-read back`, async () => {
        if (!spec) throw new Error(`No conformance records for destination ${name}: add destinations.${name} ({ idProperty, makeRecord, badRecord }) or { skip: 'why' }.`);
        if (!prepared && options.prepare) await options.prepare(main, ctx);
        prepared = true;
        const report = await runDestinationConformance(connector.destinations[name]!, spec);
        haystack.push(JSON.stringify(report));
        expect(report.updated.every((r) => r.status === 'updated' || r.status === 'unchanged')).toBe(true);
      });
    }

    it('no secret appears in logs, errors, check results or write results', async () => {
      const secrets = [...Object.values(main.secrets), ...lineSecrets(main.line), ...((await options.extraSecrets?.(main)) ?? [])].filter((s) => s.length >= 6);
      expect(secrets.length).toBeGreaterThan(0);
      const text = haystack.join('\n');
      for (const secret of new Set(secrets)) expect(text.includes(secret), `a secret (${secret.slice(0, 3)}…) leaked`).toBe(false);
    });
  });
}
