// A data folder wired to running sandboxes, the way an admin sets it up: a Sage 300 connection, a HubSpot
// connection and the chosen flows of the Sage 300 ↔ HubSpot template (which also creates the CRM
// properties). The service is closed again so the `ml-connector sync` children own the folder.
import { createAppService } from '../../main/service/index.ts';

export interface SandboxLines {
  sage300: { url: string; user?: string; password?: string };
  hubspot: { url: string; token?: string };
}

export interface Workspace {
  flowIds: Record<string, string>;
}

/** `enabled: false` leaves the flows paused, so a `serve` started on the folder runs them only when asked. */
export async function setupWorkspace(dataDir: string, lines: SandboxLines, flows: string[], options: { enabled?: boolean } = {}): Promise<Workspace> {
  const service = createAppService({ dataDir, mode: 'headless', schedule: false });
  try {
    const erp = await service.impl['connections:create']({
      system: 'sage300',
      name: 'Sage 300 (sandbox)',
      settings: { url: lines.sage300.url, user: lines.sage300.user ?? 'WEBAPI' },
      secrets: { password: lines.sage300.password ?? '' },
    });
    const crm = await service.impl['connections:create']({ system: 'hubspot', name: 'HubSpot (sandbox)', settings: { baseUrl: lines.hubspot.url }, secrets: { accessToken: lines.hubspot.token ?? '' } });
    const created = await service.impl['flows:fromTemplate']({ template: 'sage300-hubspot', erpConnectionId: erp.id, crmConnectionId: crm.id, flows });
    if (options.enabled === false) for (const f of created) await service.impl['flows:setEnabled']({ id: f.id, enabled: false });
    return { flowIds: Object.fromEntries(created.map((f) => [f.template!.split('/')[1]!, f.id])) };
  } finally {
    await service.close();
  }
}
