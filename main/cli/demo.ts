// `ml-connector demo`: sandboxes + a ready workspace + serve, with the schedule running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoEnvironment, connectDemoWebhooks } from '../demo/environment.ts';
import { startHttpServer } from '../http/server.ts';
import { rendererDistDir } from '../paths.ts';

export interface DemoCommandOptions {
  /** Undefined: a fresh temporary folder, so the demo never touches the real workspace. */
  dataDir?: string;
  port: number;
  records: number;
}

export async function demo(options: DemoCommandOptions) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ml-connector-demo-'));
  const env = await startDemoEnvironment({ dataDir, sage300: { records: options.records }, teachingFailures: true, schedule: true });
  const http = await startHttpServer(env.service, { port: options.port, rendererDir: rendererDistDir(), webhooks: env.service.webhooks });
  await connectDemoWebhooks(env, http.port);
  return {
    line: { url: http.url, token: http.token, dataDir, sandboxes: Object.fromEntries(Object.entries(env.sandboxes).map(([system, s]) => [system, s.line])) },
    async close() {
      await http.close();
      await env.close();
      // A temporary folder goes with the demo (its key and the sandboxes' secrets in it); a named one stays.
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
