// Forwards what an absent admin must know to e-mail and the webhook: a run that failed, a newly raised
// alert, and unresolved record failures reaching the threshold (once per crossing: it re-arms when they
// fall below it again, and the armed state survives a restart so `serve` does not resend on start).
// A delivery that fails is logged (never with its secrets) and does not disturb the run or the bus.
import type { Alert, AppEvent, Run, Settings } from '../../../preload/contract/index.ts';
import type { ServiceContext } from '../context.ts';
import { readSettings } from '../settings-service.ts';
import type { AlertMessage } from './alert-message.ts';
import { deliverThrough, enabledChannels } from './deliver-alert.ts';

const NOTIFIED_KEY = 'alertDelivery.thresholdNotified';
export const UNRESOLVED_FAILURES_LINK = '/audit?unresolved=1';

export interface AlertDispatcher {
  /** Resolves when every delivery queued so far has finished (tests, shutdown). */
  idle(): Promise<void>;
  stop(): void;
}

export function startAlertDispatcher(ctx: Pick<ServiceContext, 'store' | 'vault' | 'events' | 'logger'>): AlertDispatcher {
  let queue: Promise<void> = Promise.resolve();
  const send = (settings: Settings, message: AlertMessage) => {
    for (const channel of enabledChannels(settings)) {
      queue = queue.then(async () => {
        try {
          await deliverThrough(ctx, settings, channel, message);
        } catch (e) {
          ctx.logger.warn({ channel, event: message.event, error: e instanceof Error ? e.message : String(e) }, `could not deliver an alert by ${channel}`);
        }
      });
    }
  };
  const flowName = (id: string | null) => (id ? (ctx.store.flows.get(id)?.name ?? id) : null);

  const checkUnresolved = (settings: Settings) => {
    const threshold = settings.alertDelivery.unresolvedFailureThreshold;
    const { count, capped } = ctx.store.events.count({ unresolvedOnly: true }, Math.max(threshold, 10_000));
    const notified = ctx.store.settings.all()[NOTIFIED_KEY] === true;
    if (count >= threshold && !notified) {
      ctx.store.settings.set({ [NOTIFIED_KEY]: true });
      send(settings, {
        event: 'unresolved-failures',
        severity: 'warning',
        title: `${capped ? `More than ${count.toLocaleString('en-US')}` : count.toLocaleString('en-US')} record failures are waiting`,
        text: `${count.toLocaleString('en-US')}${capped ? '+' : ''} records failed and are not resolved yet (your threshold is ${threshold}). Open Audit log → Unresolved failures, fix the cause, then replay them.`,
        link: UNRESOLVED_FAILURES_LINK,
      });
    } else if (count < threshold && notified) {
      ctx.store.settings.set({ [NOTIFIED_KEY]: false });
    }
  };

  const onEvent = (event: AppEvent) => {
    const settings = readSettings(ctx);
    if (event.name === 'run:finished') {
      const run = event.payload as Run;
      if (run.status === 'failed' && settings.notifications.onRunFailure) {
        const name = flowName(run.flowId);
        send(settings, {
          event: 'run-failed',
          severity: 'error',
          title: `Run failed: ${name}`,
          text: [`The ${run.trigger} run of "${name}" started ${run.startedAt} failed.`, run.error?.message, run.error?.hint].filter(Boolean).join('\n'),
          link: `/audit?flow=${encodeURIComponent(run.flowId)}`,
        });
      }
      checkUnresolved(settings);
    } else if (event.name === 'alert' && settings.notifications.onAlert) {
      const alert = event.payload as Alert;
      const name = flowName(alert.flowId);
      send(settings, {
        event: 'alert',
        severity: alert.severity,
        title: name ? `${name}: ${alert.message}` : alert.message,
        text: [alert.message, alert.hint].filter(Boolean).join('\n'),
        link: alert.flowId ? `/audit?flow=${encodeURIComponent(alert.flowId)}` : null,
      });
    }
  };
  const unsubscribe = ctx.events.subscribe(onEvent);
  return { idle: async () => void (await queue), stop: unsubscribe };
}
