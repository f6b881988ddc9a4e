// The desktop app's data folder (SQLite store, key file if any, logs): `--data-dir DIR`, else the same
// default `ml-connector serve` uses (main/data-dir.ts: ML_CONNECTOR_DATA_DIR, else the per-user app
// folder), so switching between the desktop app and the service needs no path at all.
import { isAbsolute, resolve } from 'node:path';
import { defaultDataDir } from '../data-dir.ts';

export function argValue(argv: readonly string[], name: string): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === name) return argv[i + 1] ?? null;
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return null;
}

export function resolveDesktopDataDir(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  const chosen = argValue(argv, '--data-dir');
  if (chosen) return isAbsolute(chosen) ? chosen : resolve(chosen);
  return defaultDataDir(env);
}
