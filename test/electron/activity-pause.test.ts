// The tray's overall status and its Pause/Resume, on the real service and store.
import { describe, expect, it } from 'vitest';
import { ActivityMonitor } from '../../main/electron/activity.ts';
import { isPaused, pauseSyncing, resumeSyncing } from '../../main/electron/pause.ts';
import { PREFS_DEFAULTS, type DesktopPrefs, type PrefsStore } from '../../main/electron/prefs.ts';
import { dispatch } from '../../main/service/dispatch.ts';
import { withService } from './service-fixture.ts';
import { seedFlows, seedRun } from './seed.ts';
import type { Flow, Run } from '../../preload/contract/index.ts';

function memoryPrefs(): PrefsStore & { data: DesktopPrefs } {
  const data: DesktopPrefs = { ...PREFS_DEFAULTS };
  return { data, get: (k) => data[k], set: (k, v) => void (data[k] = v) };
}

const run = (id: string, flowId: string, status: Run['status']): Run => ({
  id,
  flowId,
  trigger: 'manual',
  status,
  startedAt: new Date().toISOString(),
  finishedAt: null,
  counts: { read: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, waiting: 0 },
  expected: 0,
  written: 0,
  error: null,
});

describe('ActivityMonitor', () => {
  it('is ok, then running while a run is in progress, then error when a flow last failed', async () => {
    await withService(async (service) => {
      const [customers] = seedFlows(service.ctx.store, ['Customers', 'Invoices']);
      const monitor = new ActivityMonitor(service.impl, service.events);
      const seen: string[] = [];
      monitor.onChange((s) => seen.push(s.status));
      await monitor.refresh();
      expect(monitor.snapshot()).toMatchObject({ status: 'ok', summary: 'All flows OK' });

      service.events.emit('run:started', run('r1', customers!, 'running'));
      expect(monitor.isBusy()).toBe(true);
      expect(monitor.snapshot()).toMatchObject({ status: 'running', running: 1 });

      seedRun(service.ctx.store, customers!, 'failed', 'r1');
      service.events.emit('run:finished', { ...run('r1', customers!, 'failed') });
      expect(monitor.isBusy()).toBe(false);
      await monitor.refresh();
      expect(monitor.snapshot()).toMatchObject({ status: 'error', failingFlows: ['Customers'], summary: 'Needs attention: Customers' });
      expect(seen).toContain('running');
      monitor.close();
    });
  });
});

describe('Pause / Resume syncing', () => {
  it('disables the enabled flows, remembers them, and resumes exactly those', async () => {
    await withService(async (service) => {
      const [a, b, c] = seedFlows(service.ctx.store, ['A', 'B', 'C'], [true, false, true]);
      const prefs = memoryPrefs();
      expect(isPaused(prefs)).toBe(false);

      expect(await pauseSyncing(service.impl, prefs)).toEqual({ paused: 2, errors: [] });
      expect(isPaused(prefs)).toBe(true);
      expect(prefs.data.pausedFlowIds).toEqual([a, c]);
      const listed = await dispatch(service.impl, 'flows:list', {});
      expect((listed as { value: Flow[] }).value.map((f) => [f.id, f.enabled, f.state])).toEqual([
        [a, false, 'paused'],
        [b, false, 'paused'],
        [c, false, 'paused'],
      ]);

      expect(await resumeSyncing(service.impl, prefs)).toEqual({ resumed: 2, errors: [] });
      expect(isPaused(prefs)).toBe(false);
      const after = (await dispatch(service.impl, 'flows:list', {})) as { value: Flow[] };
      expect(after.value.map((f) => [f.id, f.enabled])).toEqual([
        [a, true],
        [b, false],
        [c, true],
      ]);
    });
  });
});
