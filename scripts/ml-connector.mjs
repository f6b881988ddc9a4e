#!/usr/bin/env -S node --max-semi-space-size=32
// The `ml-connector` command. Runs the esbuild bundle in dist/cli (scripts/build-cli.mjs), which starts in
// a fraction of a second. When a source file is newer than the bundle, or there is none yet, it rebuilds
// it first (≈0.4 s); where esbuild is not installed it runs the TypeScript sources through tsx instead.
// ML_CONNECTOR_FROM_SOURCE=1 always runs the sources (handy with a debugger).
// The shebang's flag is the engine's young-generation size (main/engine-thread/young-generation.ts says
// why): `sync` and `replay` run the engine on this process's main thread, and V8 takes the size only at
// start. npm's bin shims (`npx ml-connector`, Windows' cmd shim too) pass it on; `node
// scripts/ml-connector.mjs …` runs the same command with V8's default (slower, never wrong).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI_MANIFEST, buildCli, freshBundle } from './build-cli.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function bundleOrRebuild() {
  const fresh = freshBundle(CLI_MANIFEST, root);
  if (fresh) return fresh;
  try {
    return await buildCli();
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND') return null; // esbuild is a dev dependency
    throw error;
  }
}

// Stack traces name the TypeScript lines. The bundle's maps carry no sources' text
// (build-cli.mjs), so enabling them costs ~10 MB instead of ~25.
process.setSourceMapsEnabled(true);
const entry = process.env.ML_CONNECTOR_FROM_SOURCE === '1' ? null : await bundleOrRebuild();
if (entry) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main/cli.ts');
}
