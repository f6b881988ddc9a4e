// The esbuild bundles: the sandboxed preload may require nothing but `electron`; the main bundle leaves
// only Electron, native modules and Node built-ins to runtime resolution.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './service-fixture.ts';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { buildMain, MAIN_EXTERNALS } from '../../scripts/build-main.mjs';

// Calls only: ajv keeps `'require("ajv/dist/runtime/equal")'` as a string for its standalone mode.
const requiresOf = (code: string) => [...new Set([...code.matchAll(/(?<!['"`])\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!))];
const builtin = (id: string) => id.startsWith('node:') || builtinModules.includes(id.split('/')[0]!);

describe('build-main', () => {
  const out = tempDir('mlc-build-');
  afterAll(() => out.remove());

  it('bundles main and preload into single CJS files', async () => {
    const { main, engineThread, preload } = (await buildMain({ outDir: out.dir })) as { main: string; engineThread: string; preload: string };
    const preloadCode = readFileSync(preload, 'utf8');
    expect(requiresOf(preloadCode)).toEqual(['electron']);
    expect(preloadCode).toContain('exposeInMainWorld');

    const mainCode = readFileSync(main, 'utf8');
    const external = requiresOf(mainCode).filter((id) => !builtin(id));
    expect(external.every((id) => (MAIN_EXTERNALS as string[]).includes(id)), external.join(', ')).toBe(true);
    expect(external).toEqual(expect.arrayContaining(['electron', 'better-sqlite3']));
    // import.meta.url resolves to the bundle's own location, not undefined.
    expect(mainCode).toContain('__mlc_import_meta_url');
    expect(mainCode).not.toMatch(/import\.meta\.url/);
    // The engine's worker thread: its own file beside main.cjs, which it must not need (a worker of
    // Electron's main process cannot load electron).
    const threadCode = readFileSync(engineThread, 'utf8');
    const threadExternal = requiresOf(threadCode).filter((id) => !builtin(id));
    expect(threadExternal).toContain('better-sqlite3');
    expect(threadExternal).not.toContain('electron');
    expect(threadCode).toContain('mlc-engine-thread');
  }, 120_000);
});
