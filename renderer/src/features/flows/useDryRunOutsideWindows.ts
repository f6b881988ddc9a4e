// A dry run asked for while its ERP may be in a blackout window. The service never holds the request
// for the window (it refuses at once with BLACKOUT and the window's end: main/engine/open-flow.ts says
// why), so the waiting happens here: the dry run is asked for only when the flow waits for no window
// (flows:list's waitingFor), and a refusal — a window that opened since the list was read — marks it
// waiting again, reads the flows again (so the screen names the window) and asks at the window's end.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DryRunReport, InputOf } from '../../../../preload/contract/index.ts';
import { invalidateDomains, useMutationCall, type ApiCallError } from '../../api.ts';
import { useWindowWait } from '../waits/WindowWaitNotice.tsx';
import type { FlowWait } from '../waits/flowWaits.ts';

/** The end a BLACKOUT refusal names, or null when the error is another one. */
export function refusedUntil(e: ApiCallError | null): number | null {
  if (e?.code !== 'BLACKOUT') return null;
  const at = Date.parse(String(e.data?.['resumeAt'] ?? ''));
  return Number.isNaN(at) ? null : at;
}

/** setTimeout holds at most ~24.8 days. */
const delayUntil = (at: number) => Math.min(Math.max(at - Date.now(), 0) + 1000, 2 ** 31 - 1);

export interface DryRunOutsideWindows {
  /** Asks for the dry run: now, or when the blackout window it waits for is over. */
  ask(): void;
  /** Forgets the question and its answer (a closed dialog): nothing is sent later. */
  cancel(): void;
  /** Asked for and not answered yet (waiting for a window, or running). */
  busy: boolean;
  /** What it waits for, when it waits for a window: the flow's, or the refusal's own words. */
  waiting: { wait: FlowWait } | { message: string } | null;
  report: DryRunReport | undefined;
  /** A failure other than the window's refusal. */
  error: ApiCallError | null;
}

export function useDryRunOutsideWindows(flowId: string, input: Omit<InputOf<'runs:dryRun'>, 'flowId'> = {}, onAnswered?: () => void): DryRunOutsideWindows {
  const wait = useWindowWait(flowId);
  const client = useQueryClient();
  const [asked, setAsked] = useState(false);
  const [refusal, setRefusal] = useState<{ until: number; message: string } | null>(null);
  const dryRun = useMutationCall('runs:dryRun', { invalidates: [] });
  const { mutate, reset } = dryRun;
  const { limit, full } = input;
  // The latest callback without re-running the effect below for each new one; and one request at a time.
  const answered = useRef(onAnswered);
  answered.current = onAnswered;
  const sent = useRef(false);

  // After a refusal, ask again when the window it named is over.
  useEffect(() => {
    if (!refusal) return;
    const timer = setTimeout(() => setRefusal(null), delayUntil(refusal.until));
    return () => clearTimeout(timer);
  }, [refusal]);

  useEffect(() => {
    if (!asked || wait !== null || refusal || sent.current) return;
    sent.current = true;
    mutate(
      { flowId, ...(limit !== undefined && { limit }), ...(full !== undefined && { full }) },
      {
        onSuccess: () => {
          sent.current = false;
          setAsked(false);
          answered.current?.();
        },
        onError: (e) => {
          sent.current = false;
          const until = refusedUntil(e);
          if (until === null) {
            setAsked(false);
            answered.current?.();
            return;
          }
          setRefusal({ until, message: e.message });
          void invalidateDomains(client, ['flows']);
        },
      },
    );
  }, [asked, wait, refusal, mutate, flowId, limit, full, client]);

  const ask = useCallback(() => {
    reset();
    setRefusal(null);
    setAsked(true);
  }, [reset]);
  const cancel = useCallback(() => {
    setAsked(false);
    setRefusal(null);
    sent.current = false;
    reset();
  }, [reset]);

  const waiting = !asked ? null : wait ? { wait } : refusal ? { message: refusal.message } : null;
  const error = dryRun.error && refusedUntil(dryRun.error) === null ? dryRun.error : null;
  return { ask, cancel, busy: asked || dryRun.isPending, waiting, report: dryRun.data, error };
}
