#!/usr/bin/env node
// The `ml-connector` command. Runs the esbuild bundle in dist/cli (scripts/build-cli.mjs), which starts in
// a fraction of a second. When a source file is newer than the bundle, or there is none yet, it rebuilds
// it first (≈0.4 s); where esbuild is not installed it runs the TypeScript sources through tsx instead.
// ML_CONNECTOR_FROM_SOURCE=1 always runs the sources (handy with a debugger).
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

process.setSourceMapsEnabled(true);
const entry = process.env.ML_CONNECTOR_FROM_SOURCE === '1' ? null : await bundleOrRebuild();
if (entry) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main/cli.ts');
}
