// A workspace whose Sage 300 → HubSpot flows were built from an older template version, for the template
// upgrade tests (service and CLI): a test-only template folder holds version 2 (the real template without
// its balances flow); bump() ships version 3 (changes to customers and contacts, balances added) and keeps
// version 2 in history/. The admin edited the customers' city rule and chose the contacts' schedule at setup.
// Setup creates the template's custom properties in a HubSpot sandbox on 127.0.0.1.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppService } from '../../main/service/index.ts';
import { resourcesDir } from '../../main/paths.ts';
import { templateDirSource } from '../../main/service/templates.ts';
import { manifestFor } from '../../connectors/index.ts';
import type { FieldRule, Flow, Mapping } from '../../preload/contract/index.ts';
import { makeTempDir } from './tmp-dir.ts';

type TemplateJson = { version: number; flows: { key: string; schedule: unknown; mapping: Mapping }[] };
const real = () => JSON.parse(readFileSync(join(resourcesDir(), 'templates', 'sage300-hubspot.json'), 'utf8')) as TemplateJson;
const flowOf = (t: TemplateJson, key: string) => t.flows.find((f) => f.key === key)!;

function templateVersions() {
  const v2 = real();
  v2.version = 2;
  v2.flows = v2.flows.filter((f) => f.key !== 'balances');
  const v3 = real();
  v3.version = 3;
  const customers = flowOf(v3, 'customers').mapping;
  customers.fields = customers.fields
    .filter((r) => r.to !== 'ml_on_hold')
    .map((r): FieldRule => (r.to === 'city' ? { to: 'city', from: 'City', transform: [{ fn: 'trim' }, { fn: 'lower' }] } : r.to === 'state' ? { to: 'state', from: 'StateProvince', transform: [{ fn: 'trim' }, { fn: 'upper' }] } : r));
  customers.fields.splice(1, 0, { to: 'industry', value: 'WHOLESALE' });
  flowOf(v3, 'customers').schedule = { kind: 'interval', minutes: 30 };
  flowOf(v3, 'contacts').schedule = { kind: 'interval', minutes: 20 };
  return { v2, v3 };
}

export interface OlderTemplateWorkspace {
  dataDir: string;
  /** A resources folder (ML_CONNECTOR_RESOURCES) whose templates/ holds the test's versions. */
  resources: string;
  templates: string;
  erpId: string;
  crmId: string;
  customers: Flow;
  contacts: Flow;
  /** Version 3 replaces version 2, which moves to history/. */
  bump(): void;
  close(): Promise<void>;
}

export async function workspaceOnTemplateV2(): Promise<OlderTemplateWorkspace> {
  const tmp = makeTempDir('mlc-upgrades-');
  const resources = join(tmp.dir, 'resources');
  const templates = join(resources, 'templates');
  mkdirSync(join(templates, 'history'), { recursive: true });
  const { v2, v3 } = templateVersions();
  writeFileSync(join(templates, 'sage300-hubspot.json'), JSON.stringify(v2));
  const dataDir = join(tmp.dir, 'data');
  mkdirSync(dataDir);
  const hubspot = manifestFor('hubspot')!;
  const sandbox = await (await hubspot.capabilities!.sandbox!())({ port: 0, ...hubspot.capabilities!.demo!.sandboxOptions });
  const service = createAppService({ dataDir, mode: 'headless', templates: templateDirSource(templates) });
  try {
    const impl = service.impl;
    const erp = await impl['connections:create']({ system: 'sage300', name: 'Company A', settings: { url: 'http://127.0.0.1:9/Sage300WebApi', user: 'WEBAPI', company: 'SAMINC' }, secrets: { password: 'pw' } });
    const crm = await impl['connections:create']({ system: 'hubspot', name: 'Portal', ...hubspot.capabilities!.demo!.connection(sandbox.line) });
    const built = await impl['flows:fromTemplate']({ template: 'sage300-hubspot', erpConnectionId: erp.id, crmConnectionId: crm.id, flows: ['customers', 'contacts', 'invoices'], schedules: { contacts: { kind: 'interval', minutes: 45 } } });
    const customers = built.find((f) => f.template === 'sage300-hubspot/customers')!;
    // The admin's own edit: city in upper case.
    const edited = { ...customers.mapping, fields: customers.mapping.fields.map((r) => (r.to === 'city' ? { ...r, transform: [{ fn: 'upper' }] } : r)) };
    const after = await impl['flows:update']({ id: customers.id, patch: { mapping: edited } });
    return {
      dataDir,
      resources,
      templates,
      erpId: erp.id,
      crmId: crm.id,
      customers: after,
      contacts: built.find((f) => f.template === 'sage300-hubspot/contacts')!,
      bump: () => {
        copyFileSync(join(templates, 'sage300-hubspot.json'), join(templates, 'history', 'sage300-hubspot.v2.json'));
        writeFileSync(join(templates, 'sage300-hubspot.json'), JSON.stringify(v3));
      },
      close: async () => {
        await sandbox.close();
        tmp.cleanup();
      },
    };
  } finally {
    await service.close();
  }
}
