// The node flags the `ml-connector` launcher's shebang gives the process (scripts/ml-connector.mjs). The
// benchmarks start the command with them, so the process they measure is the one `npx ml-connector` runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LAUNCHER = join(import.meta.dirname, 'ml-connector.mjs');

/** e.g. ['--max-semi-space-size=32'] */
export function launcherNodeFlags(launcher = LAUNCHER): string[] {
  const first = readFileSync(launcher, 'utf8').split('\n', 1)[0] ?? '';
  const shebang = /^#!\/usr\/bin\/env(?: -S)? node((?: --?[\w-]+(?:=\S+)?)*)\s*$/.exec(first);
  if (!shebang) throw new Error(`${launcher}: the first line is not a "#!/usr/bin/env -S node [flags]" shebang: ${first}`);
  return shebang[1]!.trim().split(/\s+/).filter(Boolean);
}
