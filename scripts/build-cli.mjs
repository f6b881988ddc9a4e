#!/usr/bin/env node
// Bundles the command line (main/cli.ts) with esbuild into dist/cli/, so `ml-connector` starts in a
// fraction of a second instead of compiling TypeScript at run time.
//
// Every file is content-addressed (`cli-<hash>.js`, `chunk-<hash>.js`) and written atomically (temp file +
// rename), and `dist/cli/current.json` names the entry and the sources it was built from. So two processes
// that rebuild at once never see each other's half-written files, and scripts/ml-connector.mjs can tell a
// bundle older than its sources and rebuild it (≈0.4 s) instead of running stale code.
//
// The bundle sits two folders below the project root, like main/<dir>/<file>.ts, so the sources' own
// relative lookups (package.json, resources/, renderer/dist) find the same files.
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DIR = join(root, 'dist', 'cli');
export const CLI_MANIFEST = join(CLI_DIR, 'current.json');

/** Native or optional packages: loaded from node_modules at run time, never bundled. */
const EXTERNALS = ['better-sqlite3', 'odbc', 'electron', 'fsevents', 'bufferutil', 'utf-8-validate'];

function writeAtomically(path, contents) {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

/** Files from earlier builds that nothing points to any more (kept 10 minutes for processes still loading them). */
function prune(keep) {
  const cutoff = Date.now() - 10 * 60_000;
  for (const name of readdirSync(CLI_DIR)) {
    if (keep.has(name) || name === 'current.json') continue;
    const path = join(CLI_DIR, name);
    try {
      if (statSync(path).mtimeMs < cutoff) unlinkSync(path);
    } catch {
      // Another build pruned it first.
    }
  }
}

/**
 * The bundle's entry file when the manifest names one that exists and no source it was built from changed
 * since the build started; otherwise null (no bundle yet, a source edited or deleted, a broken manifest).
 */
export function freshBundle(manifestPath, projectRoot) {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const entry = join(dirname(manifestPath), manifest.entry);
    if (!existsSync(entry)) return null;
    for (const source of manifest.sources) {
      if (statSync(join(projectRoot, source)).mtimeMs > manifest.builtAt) return null;
    }
    return entry;
  } catch {
    return null;
  }
}

export async function buildCli() {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: 'main/cli.ts' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: CLI_DIR,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    external: EXTERNALS,
    sourcemap: 'linked',
    // Stack traces need only the mappings; the sources' text would double what every process parses at start.
    sourcesContent: false,
    metafile: true,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
    // Bundled CommonJS packages (pino, commander) call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __mlcCreateRequire } from 'node:module'; const require = __mlcCreateRequire(import.meta.url);" },
  });
  mkdirSync(CLI_DIR, { recursive: true });
  // A chunk made only of packages (undici, zod) ships without a source map: its map would only point
  // from bundled JavaScript to the packages' own JavaScript, yet the first stack trace that passes through
  // it (a socket closed with an error) makes Node parse the whole map and keep it for the process's life
  // (undici's: ~100,000 arrays, ~12 MB of live heap that every full collection marks again).
  const packagesOnly = new Set(
    result.outputFiles
      .filter((f) => f.path.endsWith('.js.map'))
      .filter((f) => {
        const { sources } = JSON.parse(f.text);
        return sources.length > 0 && sources.every((s) => s.includes('/node_modules/'));
      })
      .map((f) => f.path.slice(0, -'.map'.length)),
  );
  const names = new Set();
  let entry = null;
  for (const file of result.outputFiles) {
    if (packagesOnly.has(file.path.replace(/\.map$/, '')) && file.path.endsWith('.map')) continue;
    const name = relative(CLI_DIR, file.path);
    names.add(name);
    const contents = packagesOnly.has(file.path) ? file.text.replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, '\n') : file.contents;
    if (!existsSync(file.path) || packagesOnly.has(file.path)) writeAtomically(file.path, contents);
    if (/^cli-[^.]+\.js$/.test(name)) entry = name;
  }
  if (!entry) throw new Error('build-cli: esbuild produced no entry file');
  const sources = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'));
  writeAtomically(CLI_MANIFEST, JSON.stringify({ entry, builtAt: startedAt, sources }));
  prune(names);
  return join(CLI_DIR, entry);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const entry = await buildCli();
  process.stdout.write(`built ${relative(root, entry)}\n`);
}
