// A real service on a throw-away data folder, for tests of the transports and the shell.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppService, type CreateAppServiceOptions, type FullAppService } from '../../main/service/index.ts';

export function tempDir(prefix = 'mlc-desktop-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function withService<T>(fn: (service: FullAppService, dataDir: string) => Promise<T>, options: Partial<CreateAppServiceOptions> = {}): Promise<T> {
  const tmp = tempDir();
  const service = createAppService({ dataDir: tmp.dir, mode: 'headless', ...options });
  try {
    return await fn(service, tmp.dir);
  } finally {
    await service.close();
    tmp.remove();
  }
}
