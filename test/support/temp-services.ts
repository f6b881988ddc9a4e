// Services on fresh data folders for the tests of one file, each closed and its folder removed after
// the test that made it (with anything else the test hands to `onCleanup`, last in first out).
import { afterEach } from 'vitest';
import { createAppService, type CreateAppServiceOptions, type FullAppService } from '../../main/service/index.ts';
import { makeTempDir } from './tmp-dir.ts';

export function useTempServices(): {
  service(options?: Partial<Omit<CreateAppServiceOptions, 'dataDir'>>): FullAppService;
  onCleanup(fn: () => Promise<void> | void): void;
} {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return {
    service(options = {}) {
      const t = makeTempDir();
      const s = createAppService({ mode: 'headless', ...options, dataDir: t.dir });
      cleanups.push(t.cleanup, () => s.close());
      return s;
    },
    onCleanup: (fn) => void cleanups.push(fn),
  };
}
