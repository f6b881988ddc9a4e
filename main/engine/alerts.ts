import type { EngineContext } from './context.ts';

export interface AlertInput {
  severity: 'info' | 'warning' | 'error';
  code: string;
  message: string;
  hint?: string | null;
  flowId?: string | null;
  connectionId?: string | null;
}

/** Stores the alert (refreshing an open one with the same code and flow) and tells the UI once. */
export function raiseAlert(ctx: Pick<EngineContext, 'store' | 'events' | 'logger'>, a: AlertInput): void {
  const { alert, isNew } = ctx.store.alerts.raise({ severity: a.severity, code: a.code, message: a.message, hint: a.hint ?? null, flowId: a.flowId ?? null, connectionId: a.connectionId ?? null });
  ctx.logger.warn({ code: a.code, flowId: a.flowId }, a.message);
  if (isNew) ctx.events.alert(alert);
}

export function clearAlert(ctx: Pick<EngineContext, 'store'>, code: string, flowId: string | null): void {
  ctx.store.alerts.clear(code, flowId);
}
