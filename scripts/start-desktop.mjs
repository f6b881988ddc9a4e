#!/usr/bin/env node
// `npm start`: makes sure the Electron binary is there (electron downloads it lazily on first use),
// builds the renderer and main bundles, rebuilds better-sqlite3 for Electron's ABI into dist/native (the
// copy in node_modules stays built for Node, which tests and `serve` use), then launches Electron.
// Where the binary cannot be installed (offline machines, blocked downloads) it says so in one sentence,
// naming the headless command, and exits 1 without a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
export const HEADLESS_COMMAND = 'npx ml-connector serve';

function fail(sentence) {
  process.stderr.write(`${sentence}\n`);
  process.exit(1);
}

function electronMissing() {
  fail(
    `The Electron binary is not installed on this machine (its download failed or was skipped), so the desktop app cannot start; run the same app headless with \`${HEADLESS_COMMAND}\` and open the URL it prints.`,
  );
}

/** The electron package folder; ML_CONNECTOR_ELECTRON_DIR overrides it (tests, local mirrors). */
function electronPackageDir() {
  if (process.env.ML_CONNECTOR_ELECTRON_DIR) return process.env.ML_CONNECTOR_ELECTRON_DIR;
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** Runs electron's own installer quietly (a no-op when the binary is there) and returns the binary's path. */
function ensureElectronBinary() {
  const dir = electronPackageDir();
  if (!dir || !existsSync(join(dir, 'install.js'))) electronMissing();
  const install = spawnSync(process.execPath, [join(dir, 'install.js')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 15 * 60_000 });
  if (install.status !== 0) electronMissing();
  const pathFile = join(dir, 'path.txt');
  const binary = existsSync(pathFile) ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim()) : null;
  if (!binary || !existsSync(binary)) electronMissing();
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  return { binary, version };
}

function run(command, args) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** better-sqlite3 built for Electron, in dist/native/node_modules; redone only when a version changes. */
async function prepareNativeModules(electronVersion) {
  const nativeRoot = join(root, 'dist', 'native');
  const sqliteVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version;
  const stamp = `${electronVersion} ${sqliteVersion} ${process.platform}-${process.arch}`;
  const stampFile = join(nativeRoot, '.electron-build');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return join(nativeRoot, 'node_modules');
  rmSync(nativeRoot, { recursive: true, force: true });
  mkdirSync(join(nativeRoot, 'node_modules'), { recursive: true });
  writeFileSync(join(nativeRoot, 'package.json'), JSON.stringify({ name: 'ml-connector-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
  cpSync(join(root, 'node_modules', 'better-sqlite3'), join(nativeRoot, 'node_modules', 'better-sqlite3'), { recursive: true });
  const { rebuild } = await import('@electron/rebuild');
  try {
    await rebuild({ buildPath: nativeRoot, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  } catch (e) {
    fail(`better-sqlite3 could not be rebuilt for Electron ${electronVersion} (${e instanceof Error ? e.message.split('\n')[0] : e}); run the headless app with \`${HEADLESS_COMMAND}\` instead.`);
  }
  writeFileSync(stampFile, stamp);
  return join(nativeRoot, 'node_modules');
}

async function main() {
  const { binary, version } = ensureElectronBinary();
  if (!process.argv.includes('--skip-build')) run('npm', ['run', 'build']);
  const nativeModules = await prepareNativeModules(version);
  const args = [root, ...process.argv.slice(2).filter((a) => a !== '--skip-build')];
  // dist/electron/main.cjs puts ML_CONNECTOR_NATIVE_MODULES first on its module path in development only.
  const child = spawn(binary, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ML_CONNECTOR_NATIVE_MODULES: nativeModules } });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

await main();
