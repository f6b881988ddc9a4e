// The connectors this build ships. Add a line here when a connector lands; systems without one are
// shown in the wizard as "coming".
import { registerManifest } from './registry.ts';
import { hubspotManifest } from '../../connectors/hubspot/index.ts';
import { sage300Manifest } from '../../connectors/sage300/index.ts';
import type { ConnectorManifest } from '../../connectors/kit/types.ts';

let done = false;

export function registerBuiltInConnectors(): void {
  if (done) return;
  done = true;
  registerManifest(hubspotManifest as ConnectorManifest<unknown>);
  registerManifest(sage300Manifest as ConnectorManifest<unknown>);
}
