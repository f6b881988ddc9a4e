// Alerts reach an admin who is not looking: over the contract, e-mail goes to a real
// SMTP server on 127.0.0.1 (smtp-server, with a login) and the webhook to a real HTTP listener; the
// secrets are write-only and encrypted; failing runs, new alerts and unresolved failures past the
// threshold are delivered through both channels, the threshold once per crossing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../dispatch.ts';
import { createAppService, type FullAppService } from '../index.ts';
import { DB_FILE_NAME } from '../../store/index.ts';
import { makeTempDir } from '../../../test/support/tmp-dir.ts';
import { startSmtp, type LocalSmtp } from '../../../test/support/smtp-server.ts';
import { startLocalServer, type LocalServer } from '../../../connectors/kit/testing/local-server.ts';
import { seedAuditEvents } from '../../../test/e2e/seed-audit.ts';
import type { Run } from '../../../preload/contract/index.ts';

async function call<T>(service: FullAppService, channel: string, input: unknown): Promise<T> {
  const r = await dispatch(service.impl, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message} (${r.error.hint ?? ''})`);
  return r.value as T;
}

const SMTP_PASSWORD = 'smtp-Secret-9431';
const WEBHOOK_PATH = '/services/T000/B000/hook-Secret-5521';

describe('alert delivery by e-mail and webhook', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let smtp: LocalSmtp;
  let hook: LocalServer;
  let posts: { path: string; body: Record<string, unknown> }[];
  let service: FullAppService;

  beforeEach(async () => {
    tmp = makeTempDir();
    smtp = await startSmtp({ username: 'alerts@example.com', password: SMTP_PASSWORD });
    posts = [];
    hook = await startLocalServer((req, body, res) => {
      posts.push({ path: req.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
      res.end('ok');
    });
    // 300 audit events of which 3 are unresolved failures (every 97th).
    seedAuditEvents(tmp.dir, 300, 'customers');
    service = createAppService({ dataDir: tmp.dir, mode: 'headless' });
  });
  afterEach(async () => {
    await service.close();
    await smtp.close();
    await hook.close();
    tmp.cleanup();
  });

  const configure = async (threshold: number) => {
    await call(service, 'settings:update', {
      alertDelivery: {
        email: { enabled: true, host: '127.0.0.1', port: smtp.port, security: 'none', username: 'alerts@example.com', from: 'connector@example.com', to: 'ops@example.com, it@example.com' },
        webhook: { enabled: true },
        unresolvedFailureThreshold: threshold,
      },
    });
    await call(service, 'settings:setAlertSecret', { name: 'smtpPassword', value: SMTP_PASSWORD });
    return call<{ smtpPassword: boolean; webhookHost: string | null }>(service, 'settings:setAlertSecret', { name: 'webhookUrl', value: `${hook.origin}${WEBHOOK_PATH}` });
  };

  it('"send test" reaches the SMTP server (logged in) and the webhook (Slack/Teams text); secrets are write-only and encrypted', async () => {
    const state = await configure(10);
    expect(state).toEqual({ smtpPassword: true, webhookHost: new URL(hook.origin).host });

    const mail = await call<{ sent: true; detail: string }>(service, 'settings:sendTestAlert', { channel: 'email' });
    expect(mail.detail).toContain('ops@example.com');
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ from: 'connector@example.com', to: ['ops@example.com', 'it@example.com'], user: 'alerts@example.com' });
    expect(smtp.mails[0]!.data).toContain('Subject: ML Connector test alert');

    const web = await call<{ detail: string }>(service, 'settings:sendTestAlert', { channel: 'webhook' });
    expect(web.detail).not.toContain('hook-Secret');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.path).toBe(WEBHOOK_PATH);
    expect(posts[0]!.body.text).toContain('ML Connector test alert');

    // Neither the settings nor the database file hold the secrets in clear.
    const settings = JSON.stringify(await call(service, 'settings:get', {}));
    expect(settings).not.toContain(SMTP_PASSWORD);
    expect(settings).not.toContain('hook-Secret');
    const db = readFileSync(join(tmp.dir, DB_FILE_NAME)).toString('latin1');
    expect(db).not.toContain(SMTP_PASSWORD);
    expect(db).not.toContain('hook-Secret');
  });

  it('a wrong SMTP password and an unreachable webhook are reported with what to do, never with the secret', async () => {
    await configure(10);
    await call(service, 'settings:setAlertSecret', { name: 'smtpPassword', value: 'wrong-password' });
    const mail = await dispatch(service.impl, 'settings:sendTestAlert', { channel: 'email' });
    expect(mail.ok).toBe(false);
    if (!mail.ok) {
      expect(mail.error.code).toBe('ALERT_EMAIL_AUTH');
      expect(mail.error.message).toContain(`127.0.0.1:${smtp.port}`);
      expect(mail.error.hint).toContain('password');
      expect(JSON.stringify(mail.error)).not.toContain('wrong-password');
    }
    await hook.close();
    const web = await dispatch(service.impl, 'settings:sendTestAlert', { channel: 'webhook' });
    expect(web.ok).toBe(false);
    if (!web.ok) {
      expect(web.error.code).toBe('ALERT_WEBHOOK_UNREACHABLE');
      expect(JSON.stringify(web.error)).not.toContain('hook-Secret');
    }
    hook = await startLocalServer();
  });

  it('a failing run, a new alert and unresolved failures past the threshold go out by e-mail and webhook; the threshold once per crossing', async () => {
    await configure(3);
    const failed: Run = {
      id: 'run-1',
      flowId: 'customers',
      trigger: 'schedule',
      status: 'failed',
      startedAt: '2026-12-07T08:00:00.000Z',
      finishedAt: '2026-12-07T08:00:05.000Z',
      counts: { read: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, waiting: 0 },
      expected: 0,
      written: 0,
      error: { code: 'AUTH_REJECTED', message: 'Sage 300 refused the user name or password.', hint: 'Edit the connection and enter the password again.' },
    };
    service.events.emit('run:finished', failed);
    await service.alertDelivery.idle();
    const events = () => posts.map((p) => p.body.event);
    expect(events()).toEqual(['run-failed', 'unresolved-failures']);
    expect(posts[0]!.body.text).toContain('Sage 300 refused the user name or password.');
    expect(posts[1]!.body.text).toContain('3 records failed and are not resolved yet');
    expect(posts[1]!.body.link).toBe('/audit?unresolved=1');
    expect(smtp.mails.map((m) => /Subject: (.*)/.exec(m.data)?.[1])).toEqual(['Run failed: customers', '3 record failures are waiting']);

    // Still past the threshold: a second successful run does not repeat the warning.
    service.events.emit('run:finished', { ...failed, id: 'run-2', status: 'succeeded', error: null });
    service.events.emit('alert', { id: 1, at: '2026-12-07T08:01:00.000Z', severity: 'warning', code: 'API_BUDGET', message: 'HubSpot daily limit nearly used', hint: 'Runs resume tomorrow.', flowId: null, connectionId: null, dismissed: false });
    await service.alertDelivery.idle();
    expect(events()).toEqual(['run-failed', 'unresolved-failures', 'alert']);
    expect(posts[2]!.body.text).toContain('HubSpot daily limit nearly used');

    // Switched off, a failing run is not sent.
    await call(service, 'settings:update', { notifications: { onRunFailure: false } });
    service.events.emit('run:finished', { ...failed, id: 'run-3' });
    await service.alertDelivery.idle();
    expect(events()).toHaveLength(3);
  });
});
