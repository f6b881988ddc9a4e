// Native notifications: when a flow starts failing or an alert is raised (not on every failing run),
// respecting the notification settings; a click opens the audit view of that flow's failures.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert, Run } from '../../preload/contract/index.ts';

vi.mock('electron', () => import('./fake-electron.ts'));
const fake = await import('./fake-electron.ts');
const { NotifyPolicy, failedAuditRoute } = await import('../../main/electron/notify-policy.ts');
const { watchNotifications } = await import('../../main/electron/notifications.ts');
const { withService } = await import('./service-fixture.ts');
const { seedFlows } = await import('./seed.ts');

const on = { notifications: { onRunFailure: true, onAlert: true } };
const runOf = (flowId: string, status: Run['status'], failed = 0): Run => ({
  id: `r-${Math.random()}`,
  flowId,
  trigger: 'schedule',
  status,
  startedAt: '2030-01-01T00:00:00Z',
  finishedAt: '2030-01-01T00:01:00Z',
  counts: { read: 10, created: 5, updated: 0, unchanged: 0, skipped: 0, failed, waiting: 0 },
  expected: 10,
  written: 10 - failed,
  error: status === 'failed' ? { code: 'AUTH_REJECTED', message: 'HubSpot refused the access token.' } : null,
});
const alert = (over: Partial<Alert> = {}): Alert => ({
  id: 1,
  at: '2030-01-01T00:00:00Z',
  severity: 'error',
  code: 'DAILY_BUDGET',
  message: 'HubSpot daily API budget is used up.',
  hint: 'Syncing resumes at midnight UTC.',
  flowId: null,
  connectionId: 'crm',
  dismissed: false,
  ...over,
});
const name = () => 'Customers → Companies';

describe('NotifyPolicy', () => {
  it('announces a flow when it starts failing, not again while it keeps failing, and again after it recovered', () => {
    const p = new NotifyPolicy();
    const first = p.decide({ name: 'run:finished', payload: runOf('f1', 'failed') }, on, name);
    expect(first).toEqual({ title: 'Sync failed: Customers → Companies', body: 'HubSpot refused the access token.', route: '/audit?flow=f1&action=failed' });
    expect(p.decide({ name: 'run:finished', payload: runOf('f1', 'failed') }, on, name)).toBeNull();
    expect(p.decide({ name: 'run:finished', payload: runOf('f1', 'partial', 2) }, on, name)).toMatchObject({ title: 'Some records failed: Customers → Companies', body: expect.stringContaining('2 records') });
    expect(p.decide({ name: 'run:finished', payload: runOf('f1', 'succeeded') }, on, name)).toBeNull();
    expect(p.decide({ name: 'run:finished', payload: runOf('f1', 'failed') }, on, name)).not.toBeNull();
  });

  it('respects the settings and ignores info alerts', () => {
    const p = new NotifyPolicy();
    const off = { notifications: { onRunFailure: false, onAlert: false } };
    expect(p.decide({ name: 'run:finished', payload: runOf('f2', 'failed') }, off, name)).toBeNull();
    expect(p.decide({ name: 'alert', payload: alert() }, off, name)).toBeNull();
    expect(p.decide({ name: 'alert', payload: alert({ severity: 'info' }) }, on, name)).toBeNull();
    expect(p.decide({ name: 'alert', payload: alert({ flowId: 'f 3' }) }, on, name)).toEqual({
      title: 'ML Connector needs attention',
      body: 'HubSpot daily API budget is used up. Syncing resumes at midnight UTC.',
      route: '/audit?flow=f%203&action=failed',
    });
  });

  it('builds the audit route the renderer understands', () => {
    expect(failedAuditRoute('abc&x=1')).toBe('/audit?flow=abc%26x%3D1&action=failed');
  });
});

describe('watchNotifications', () => {
  beforeEach(() => fake.resetFakeElectron());

  it('shows a native notification whose click opens the failed records of that flow', async () => {
    await withService(async (service) => {
      const [flowId] = seedFlows(service.ctx.store, ['Customers']);
      const opened: string[] = [];
      const stop = watchNotifications({ impl: service.impl, events: service.events, openRoute: (r) => opened.push(r) });
      service.events.emit('run:finished', runOf(flowId!, 'failed'));
      await vi.waitFor(() => expect(fake.Notification.shown).toHaveLength(1));
      const n = fake.Notification.shown[0]!;
      expect(n.options).toMatchObject({ title: 'Sync failed: Customers', body: 'HubSpot refused the access token.' });
      n.emit('click');
      expect(opened).toEqual([`/audit?flow=${flowId}&action=failed`]);
      stop();
    });
  });

  it('stays quiet when the admin turned failure notifications off', async () => {
    await withService(async (service) => {
      const [flowId] = seedFlows(service.ctx.store, ['Customers']);
      await service.impl['settings:update']({ notifications: { onRunFailure: false, onAlert: true } });
      const stop = watchNotifications({ impl: service.impl, events: service.events, openRoute: () => undefined });
      service.events.emit('run:finished', runOf(flowId!, 'failed'));
      service.events.emit('alert', alert());
      await vi.waitFor(() => expect(fake.Notification.shown).toHaveLength(1));
      expect(fake.Notification.shown[0]!.options.title).toBe('ML Connector needs attention');
      stop();
    });
  });
});
