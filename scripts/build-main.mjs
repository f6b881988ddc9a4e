#!/usr/bin/env node
// Bundles the Electron main process and the preload with esbuild:
//   main/electron/main.ts → dist/electron/main.cjs   (Node/Electron main, CJS)
//   main/engine-thread/engine-thread-main.ts → dist/electron/engine-thread.cjs (the engine's worker thread)
//   preload/index.ts      → dist/preload/index.cjs   (one self-contained file: a sandboxed preload can
//                                                     require only `electron` and a few built-ins)
// Left external: electron itself, and native modules, which electron-builder rebuilds for Electron's ABI
// and unpacks from the asar. Our sources are ESM and some use import.meta.url to find files; in a CJS
// bundle that becomes the bundle's own URL (dist/electron/main.cjs), which is two levels under the
// project root just like main/<dir>/<file>.ts, so relative lookups (main/paths.ts) keep working.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronTarget = 'node22';

/** Native (or native-loading) packages: resolved from node_modules at runtime, never bundled. */
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'odbc', 'bufferutil', 'utf-8-validate', 'fsevents'];

const importMetaBanner = [
  // `npm start` (scripts/start-desktop.mjs) rebuilds better-sqlite3 for Electron into dist/native and
  // points here; honoured only when running unpackaged (`electron .`), never in an installed app.
  'if (process.defaultApp && process.env.ML_CONNECTOR_NATIVE_MODULES) module.paths.unshift(process.env.ML_CONNECTOR_NATIVE_MODULES);',
  'const __mlc_import_meta_url = require("node:url").pathToFileURL(__filename).href;',
  'const __mlc_import_meta_dirname = __dirname;',
  'const __mlc_import_meta_filename = __filename;',
].join('\n');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: electronTarget,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

export async function buildMain({ outDir = join(root, 'dist'), minify = false } = {}) {
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'main/electron/main.ts')],
      outfile: join(outDir, 'electron/main.cjs'),
      external: MAIN_EXTERNALS,
      minify,
      banner: { js: importMetaBanner },
      define: {
        'import.meta.url': '__mlc_import_meta_url',
        'import.meta.dirname': '__mlc_import_meta_dirname',
        'import.meta.filename': '__mlc_import_meta_filename',
      },
    }),
    // The engine thread (main/engine-thread): its own file, since a worker of Electron's main process
    // cannot load main.cjs (which requires electron at the top).
    build({
      ...common,
      entryPoints: [join(root, 'main/engine-thread/engine-thread-main.ts')],
      outfile: join(outDir, 'electron/engine-thread.cjs'),
      external: MAIN_EXTERNALS,
      minify,
      banner: { js: importMetaBanner },
      define: {
        'import.meta.url': '__mlc_import_meta_url',
        'import.meta.dirname': '__mlc_import_meta_dirname',
        'import.meta.filename': '__mlc_import_meta_filename',
      },
    }),
    build({
      ...common,
      entryPoints: [join(root, 'preload/index.ts')],
      outfile: join(outDir, 'preload/index.cjs'),
      // Only `electron` may stay a require() in a sandboxed preload. Minified always: it carries zod
      // (for the contract's channel list) and is parsed on every window load.
      external: ['electron'],
      minify: true,
    }),
  ]);
  return { main: join(outDir, 'electron/main.cjs'), engineThread: join(outDir, 'electron/engine-thread.cjs'), preload: join(outDir, 'preload/index.cjs') };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await buildMain({ minify: process.argv.includes('--minify') });
  process.stdout.write(`built ${out.main}, ${out.engineThread} and ${out.preload}\n`);
}
