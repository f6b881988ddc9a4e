// Where bundled resources live: next to the sources in development and tests, under
// process.resourcesPath in a packaged app (electron-builder `extraResources`).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function resourcesDir(): string {
  const candidates = [
    process.env.ML_CONNECTOR_RESOURCES,
    resolve(here, '..', 'resources'),
    resolve(here, '..', '..', 'resources'),
    (process as { resourcesPath?: string }).resourcesPath ? join((process as { resourcesPath?: string }).resourcesPath!, 'resources') : undefined,
  ].filter((c): c is string => Boolean(c));
  return candidates.find((c) => existsSync(join(c, 'templates'))) ?? candidates[0]!;
}

export function rendererDistDir(): string {
  const candidates = [process.env.ML_CONNECTOR_RENDERER, resolve(here, '..', 'renderer', 'dist'), resolve(here, '..', '..', 'renderer', 'dist')].filter(
    (c): c is string => Boolean(c),
  );
  return candidates.find((c) => existsSync(join(c, 'index.html'))) ?? candidates[0]!;
}
