// A demo environment of two systems behind the service's HTTP server, its webhooks connected and a first
// run done: the setup every webhook test starts from. Registers its own beforeAll/afterAll.
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { connectDemoWebhooks, type DemoEnvironment, type DemoOptions } from '../../main/demo/environment.ts';
import { startHttpServer, type RunningHttpServer } from '../../main/http/server.ts';
import { withDemo } from './demo.ts';

export interface WebhookDemo {
  readonly env: DemoEnvironment;
  readonly port: number;
  /** Where a system's webhooks reach this service for one of its connections: `/webhooks/<system>/<id>`. */
  hookUrl(system: string, connectionId: string): string;
}

export function withWebhookDemo(options: Omit<DemoOptions, 'dataDir'>): WebhookDemo {
  const demo = withDemo(options);
  let http: RunningHttpServer | undefined;
  beforeAll(async () => {
    http = await startHttpServer(demo.env.service, { rendererDir: join(demo.dataDir, 'no-ui'), webhooks: demo.env.service.webhooks });
    await connectDemoWebhooks(demo.env, http.port);
    await demo.env.service.engine.runNow(undefined);
  });
  // Registered after withDemo's, so it runs first (hooks unwind as a stack): the server closes before the environment.
  afterAll(async () => {
    await http?.close();
  });
  const port = (): number => {
    if (!http) throw new Error('withWebhookDemo: the server is used before its beforeAll ran');
    return http.port;
  };
  return {
    get env() {
      return demo.env;
    },
    get port() {
      return port();
    },
    hookUrl: (system, connectionId) => `http://127.0.0.1:${port()}/webhooks/${system}/${connectionId}`,
  };
}
