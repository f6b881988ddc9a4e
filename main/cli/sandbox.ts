// `ml-connector sandbox <system>`: starts one connector's sandbox on loopback and prints its JSON line.
// Which systems have one comes from the manifests (capabilities.sandbox), loaded only when asked for.
import type { SandboxOptions } from '../../connectors/kit/sandbox/types.ts';
import { BUILT_IN_CONNECTORS } from '../../connectors/index.ts';

export const sandboxSystems = BUILT_IN_CONNECTORS.filter((m) => m.capabilities?.sandbox).map((m) => m.id);

export async function startNamedSandbox(system: string, options: SandboxOptions) {
  const load = BUILT_IN_CONNECTORS.find((m) => m.id === system)?.capabilities?.sandbox;
  if (!load) throw new Error(`No sandbox for "${system}". Available: ${sandboxSystems.join(', ')}.`);
  return (await load())(options);
}
