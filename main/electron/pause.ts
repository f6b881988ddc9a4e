// The tray's "Pause syncing" / "Resume syncing", built on the contract's flows:setEnabled so the UI
// shows the same truth (paused flows appear disabled). Only the flows this pause disabled are resumed;
// a flow the admin had disabled by hand stays disabled. A run in progress is never cancelled.
import type { Flow, ServiceImpl } from '../../preload/contract/index.ts';
import { dispatch } from '../service/dispatch.ts';
import type { PrefsStore } from './prefs.ts';

export function isPaused(prefs: PrefsStore): boolean {
  return prefs.get('pausedFlowIds') !== null;
}

export async function pauseSyncing(impl: ServiceImpl, prefs: PrefsStore): Promise<{ paused: number; errors: string[] }> {
  const listed = await dispatch(impl, 'flows:list', {});
  if (!listed.ok) return { paused: 0, errors: [listed.error.message] };
  const enabled = (listed.value as Flow[]).filter((f) => f.enabled);
  const paused: string[] = [];
  const errors: string[] = [];
  for (const f of enabled) {
    const r = await dispatch(impl, 'flows:setEnabled', { id: f.id, enabled: false });
    if (r.ok) paused.push(f.id);
    else errors.push(`${f.name}: ${r.error.message}`);
  }
  prefs.set('pausedFlowIds', [...(prefs.get('pausedFlowIds') ?? []), ...paused]);
  return { paused: paused.length, errors };
}

export async function resumeSyncing(impl: ServiceImpl, prefs: PrefsStore): Promise<{ resumed: number; errors: string[] }> {
  const ids = prefs.get('pausedFlowIds') ?? [];
  let resumed = 0;
  const errors: string[] = [];
  for (const id of ids) {
    const r = await dispatch(impl, 'flows:setEnabled', { id, enabled: true });
    if (r.ok) resumed++;
    // A flow deleted while paused has nothing to resume.
    else if (r.error.code !== 'NOT_FOUND') errors.push(`${id}: ${r.error.message}`);
  }
  prefs.set('pausedFlowIds', null);
  return { resumed, errors };
}
