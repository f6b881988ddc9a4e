// The version in package.json. Its own small file, so `ml-connector --version` loads nothing else. It sits
// two folders below the project root, as the CLI bundle's files do (dist/cli/), so the path holds for both.
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
