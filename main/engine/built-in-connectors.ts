// The connectors this build ships. Add a line here when a connector lands.
import { registerManifest } from './registry.ts';

let done = false;

export function registerBuiltInConnectors(): void {
  if (done) return;
  done = true;
  void registerManifest;
}
