// `ml-connector sandbox <system>`: starts one connector's sandbox on loopback and prints its JSON line.
// Which systems have one comes from the manifests (capabilities.sandbox), loaded only when asked for.
// `--help` lists each sandbox's switches and faults from the description its starter carries.
import { readFileSync } from 'node:fs';
import type { SandboxDescription, SandboxOptions, SandboxStarter } from '../../connectors/kit/sandbox/types.ts';
import { BUILT_IN_CONNECTORS } from '../../connectors/index.ts';

export const sandboxSystems = BUILT_IN_CONNECTORS.filter((m) => m.capabilities?.sandbox).map((m) => m.id);

async function loadStarter(system: string): Promise<SandboxStarter> {
  const load = BUILT_IN_CONNECTORS.find((m) => m.id === system)?.capabilities?.sandbox;
  if (!load) throw new Error(`No sandbox for "${system}". Available: ${sandboxSystems.join(', ')}.`);
  return load();
}

/** A --seed file a sandbox cannot use is named with the reason here, not as a bare ENOENT or JSON error. */
function checkSeedFile(file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`--seed ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Name a JSON file of seed records.`, { cause: e });
  }
  try {
    JSON.parse(text);
  } catch (e) {
    throw new Error(`--seed ${file}: not JSON (${(e as Error).message}).`, { cause: e });
  }
}

export async function startNamedSandbox(system: string, options: SandboxOptions) {
  const start = await loadStarter(system);
  if (options.seedFile && !start.description?.seedFile) throw new Error(`--seed ${options.seedFile}: the ${system} sandbox loads no seed file; it generates its data (--records N).`);
  if (options.seedFile) checkSeedFile(options.seedFile);
  return start(options);
}

function formatDescription(system: string, d: SandboxDescription | undefined): string {
  if (!d) return `${system}: (this sandbox publishes no switch list)\n`;
  const width = Math.max(0, ...d.switches.map((s) => s.name.length + s.default.length + 3));
  const lines = [`${system}: ${d.summary}`, `  --seed FILE: ${d.seedFile ? 'loads the records in FILE (JSON)' : 'not taken; --records N generates the data'}`, `  faults beyond HTTP statuses, reset, timeout, slow, expire: ${d.faults.length ? d.faults.join(', ') : 'none'}`, '  switches (--switch NAME=VALUE; default in brackets):'];
  for (const s of d.switches) lines.push(`    ${`${s.name} [${s.default}]`.padEnd(width)}  ${s.description}`);
  return lines.join('\n') + '\n';
}

/** The switch list for one system, or for every system with a sandbox. */
export async function sandboxSwitchHelp(system?: string): Promise<string> {
  const systems = system ? [system] : sandboxSystems;
  const parts: string[] = [];
  for (const s of systems) parts.push(formatDescription(s, (await loadStarter(s)).description));
  return parts.join('\n');
}
