// `ml-connector audit` filters as the audit browser does: --unresolved lists only the failures that no later
// success or replay has resolved, the ones `replay --failed` would replay.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type RecordEventInput } from '../../main/store/index.ts';
import { tempDir } from '../electron/service-fixture.ts';

const CLI = join(import.meta.dirname, '..', '..', 'scripts', 'ml-connector.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ML_CONNECTOR_DATA_DIR: '' }, timeout: 60_000 });

function event(sourceId: string, action: string, at: string): RecordEventInput {
  return {
    runId: 'r1', flowId: 'f1', at, direction: 'erp-to-crm', sourceSystem: 'sage300', sourceEntity: 'arCustomers', sourceId, sourceLabel: sourceId,
    destObject: 'companies', destId: action === 'failed' ? null : `9${sourceId}`, action, attempt: 1,
    error: action === 'failed' ? { kind: 'record', message: 'refused' } : null, sourcePayload: { id: sourceId }, mappedPayload: null, replayOf: null,
  } as RecordEventInput;
}

describe('audit on the command line', () => {
  const tmp = tempDir('mlc-audit-cli-');
  afterAll(() => tmp.remove());

  it('--unresolved leaves out failures a later success resolved', () => {
    const ws = join(tmp.dir, 'ws');
    const file = join(tmp.dir, 'empty-workspace.json');
    writeFileSync(file, JSON.stringify({ version: 1, connections: [], flows: [] }));
    expect(run('--data-dir', ws, 'import', file).status).toBe(0);
    const store = openStore(ws);
    try {
      // C1 failed, then succeeded (resolved); C2 failed and stays open.
      store.transaction(() => store.events.insertMany([event('C1', 'failed', '2026-12-01T10:00:00Z'), event('C2', 'failed', '2026-12-01T10:00:01Z')]));
      store.transaction(() => store.events.insertMany([event('C1', 'updated', '2026-12-01T11:00:00Z')]));
    } finally {
      store.close();
    }
    const failed = run('--data-dir', ws, 'audit', '--status', 'failed');
    expect(failed.status, failed.stderr).toBe(0);
    expect((JSON.parse(failed.stdout) as { sourceId: string; resolved: boolean }[]).map((e) => [e.sourceId, e.resolved])).toEqual([['C2', false], ['C1', true]]);
    const open = run('--data-dir', ws, 'audit', '--unresolved');
    expect(open.status, open.stderr).toBe(0);
    expect((JSON.parse(open.stdout) as { sourceId: string }[]).map((e) => e.sourceId)).toEqual(['C2']);
  });
});
