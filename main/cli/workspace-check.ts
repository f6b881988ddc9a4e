// Commands that read or change a workspace need one that exists: pointing `status` or `sync` at a
// mistyped --data-dir must not quietly create an empty workspace (and mint a new key) there.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Commands that may start from nothing: they create the workspace, or do not use one. */
const MAY_CREATE = new Set(['serve', 'demo', 'import', 'sandbox', 'sage100-agent', 'help']);

/** A sentence saying why `command` cannot use `dataDir`, or null when it can. */
export function workspaceProblem(command: string, dataDir: string): string | null {
  if (MAY_CREATE.has(command)) return null;
  const how = 'Check --data-dir (or ML_CONNECTOR_DATA_DIR), or create a workspace first with "ml-connector import <file>" or "ml-connector serve".';
  if (!existsSync(dataDir)) return `There is no workspace at ${dataDir}: the folder does not exist. ${how}`;
  if (!statSync(dataDir).isDirectory()) return `--data-dir ${dataDir} is a file, not a folder. ${how}`;
  if (!existsSync(join(dataDir, 'ml-connector.db'))) return `${dataDir} is not an ml-connector workspace (it has no ml-connector.db). ${how}`;
  return null;
}
