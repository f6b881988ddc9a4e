// `ml-connector sandbox <system>`: starts one connector's sandbox on loopback and prints its JSON line.
import type { SandboxOptions, SandboxStarter } from '../../connectors/kit/sandbox/types.ts';

const starters: Record<string, () => Promise<SandboxStarter>> = {
  hubspot: async () => (await import('../../connectors/hubspot/sandbox/index.ts')).startSandbox,
  sage300: async () => (await import('../../connectors/sage300/sandbox/index.ts')).startSandbox,
};

export const sandboxSystems = Object.keys(starters);

export async function startNamedSandbox(system: string, options: SandboxOptions) {
  const load = starters[system];
  if (!load) throw new Error(`No sandbox for "${system}". Available: ${sandboxSystems.join(', ')}.`);
  return (await load())(options);
}
