// The desktop-only packages (Electron, its updater and its settings store) never load in the headless
// command: `serve` on a server has no use for them, and code that is not loaded cannot be attacked.
// The import graph of the CLI entry, as esbuild resolves it, must not reach them.
import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DESKTOP_ONLY = /^(electron|electron-updater|electron-store|electron-builder)(\/|$)/;

describe('headless dependencies', () => {
  it('main/cli.ts (serve, demo, sync, …) imports no desktop-only package', async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, '..', '..', 'main', 'cli.ts')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const external = Object.entries(result.metafile.inputs).flatMap(([file, input]) => input.imports.filter((i) => i.external).map((i) => ({ file, path: i.path })));
    expect(external.length).toBeGreaterThan(5); // the walk did reach the libraries
    expect(external.filter((i) => DESKTOP_ONLY.test(i.path))).toEqual([]);
  });
});
