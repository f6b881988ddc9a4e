import { createAppService } from '../service/index.ts';
import { startHttpServer } from '../http/server.ts';
import { rendererDistDir } from '../paths.ts';
import type { EngineThreadEntry } from '../engine-thread/engine-host.ts';

export interface ServeOptions {
  dataDir: string;
  port: number;
  host: string;
  token?: string;
  /** The bundle's entry, which runs the engine thread too (main/cli.ts); the source tree's when absent. */
  engineEntry?: EngineThreadEntry;
}

/**
 * Engine + scheduler + UI on loopback. Prints one JSON line, then runs until SIGINT/SIGTERM. The engine
 * runs in its own thread, so the API answers while a sync maps and commits.
 */
export async function serve(options: ServeOptions): Promise<{ url: string; token: string; close(): Promise<void> }> {
  const service = createAppService({ dataDir: options.dataDir, mode: 'headless', schedule: true, engine: 'thread', ...(options.engineEntry && { engineEntry: options.engineEntry }) });
  const http = await startHttpServer(service, { host: options.host, port: options.port, rendererDir: rendererDistDir(), webhooks: service.webhooks, ...(options.token && { token: options.token }) });
  return {
    url: http.url,
    token: http.token,
    async close() {
      await http.close();
      await service.close();
    },
  };
}
