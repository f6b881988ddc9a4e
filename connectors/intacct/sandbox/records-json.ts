// A record as JSON for the admin API: the same display values the gateway would return with `*`.
import { display } from './render.ts';
import { allFieldNames, OBJECTS, type ObjectDef } from './objects.ts';
import type { SandboxCore } from './core.ts';
import type { Row } from './store.ts';

export function renderRecordJson(core: SandboxCore, def: ObjectDef, row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of allFieldNames(def)) out[f] = display(def, f, core.store.valueOf(def, row, f), core.gateway.switches.timeZone);
  if (def.name === 'APBILL') {
    out.APBILLITEMS = core.store.billLines(String(row.RECORDNO)).map((l) => Object.fromEntries(Object.keys(l).map((k) => [k, display(OBJECTS.APBILLITEM!, k, l[k] ?? null, core.gateway.switches.timeZone)])));
  }
  return out;
}
