// A demo environment of two systems behind the service's HTTP server, its webhooks connected and a first
// run done: the setup every webhook test starts from. Registers its own beforeAll/afterAll.
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { connectDemoWebhooks, startDemoEnvironment, type DemoEnvironment, type DemoOptions } from '../../main/demo/environment.ts';
import { startHttpServer, type RunningHttpServer } from '../../main/http/server.ts';
import { makeTempDir } from './tmp-dir.ts';

export interface WebhookDemo {
  readonly env: DemoEnvironment;
  readonly port: number;
  /** Where a system's webhooks reach this service for one of its connections: `/webhooks/<system>/<id>`. */
  hookUrl(system: string, connectionId: string): string;
}

export function withWebhookDemo(options: Omit<DemoOptions, 'dataDir'>): WebhookDemo {
  let tmp: ReturnType<typeof makeTempDir> | undefined;
  let env: DemoEnvironment | undefined;
  let http: RunningHttpServer | undefined;
  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ ...options, dataDir: tmp.dir } as DemoOptions);
    http = await startHttpServer(env.service, { rendererDir: join(tmp.dir, 'no-ui'), webhooks: env.service.webhooks });
    await connectDemoWebhooks(env, http.port);
    await env.service.engine.runNow(undefined);
  });
  afterAll(async () => {
    await http?.close();
    await env?.close();
    tmp?.cleanup();
  });
  const started = <T,>(value: T | undefined): T => {
    if (value === undefined) throw new Error('withWebhookDemo: used before its beforeAll ran');
    return value;
  };
  return {
    get env() {
      return started(env);
    },
    get port() {
      return started(http).port;
    },
    hookUrl: (system, connectionId) => `http://127.0.0.1:${started(http).port}/webhooks/${system}/${connectionId}`,
  };
}
