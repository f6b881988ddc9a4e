// The headless transport: `POST /api/<channel>` with the bearer token, events from `GET /api/events`
// (server-sent events read through fetch). Reconnects the event stream with backoff and reports
// whether it is live, so the UI can refresh what it may have missed.
import type { ApiClient, AppEvent, Channel, Result } from '../../../preload/contract/index.ts';
import { readSse } from './sse.ts';

export type LiveState = 'connecting' | 'live' | 'offline';

export interface HttpApiClient extends ApiClient {
  onLiveState(listener: (state: LiveState) => void): () => void;
  getLiveState(): LiveState;
}

const unauthorized = {
  code: 'UNAUTHORIZED',
  message: 'The service did not accept this window’s access token.',
  hint: 'Open the address printed by `ml-connector serve` again (it carries a fresh token).',
};

export function createHttpClient(token: string | null, baseUrl = '/api/'): HttpApiClient {
  const listeners = new Set<(event: AppEvent) => void>();
  const liveListeners = new Set<(state: LiveState) => void>();
  let stream: AbortController | null = null;
  let liveState: LiveState = 'offline';

  const setLive = (state: LiveState) => {
    if (state === liveState) return;
    liveState = state;
    for (const l of liveListeners) l(state);
  };

  const headers = (): Record<string, string> => ({
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });

  async function call(channel: Channel, input: unknown): Promise<Result<unknown>> {
    if (!token) return { ok: false, error: { code: 'NO_TOKEN', message: 'This window has no access token.', hint: unauthorized.hint } };
    let res: Response;
    try {
      res = await fetch(`${baseUrl}${channel}`, { method: 'POST', headers: headers(), body: JSON.stringify(input ?? {}) });
    } catch {
      return {
        ok: false,
        error: { code: 'UNREACHABLE', message: 'The ml-connector service is not answering.', hint: 'Check that `ml-connector serve` is still running, then reload this page.' },
      };
    }
    if (res.status === 401) return { ok: false, error: unauthorized };
    try {
      return (await res.json()) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'BAD_RESPONSE', message: `${channel}: the service answered HTTP ${res.status} without a JSON envelope.` } };
    }
  }

  async function runStream(controller: AbortController) {
    let delay = 500;
    while (!controller.signal.aborted) {
      setLive('connecting');
      try {
        const res = await fetch(`${baseUrl}events`, { headers: headers(), signal: controller.signal });
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        setLive('live');
        delay = 500;
        for await (const message of readSse(res.body, controller.signal)) {
          let payload: unknown;
          try {
            payload = JSON.parse(message.data);
          } catch {
            continue;
          }
          const event = { name: message.event, payload } as AppEvent;
          for (const l of listeners) l(event);
        }
      } catch {
        // Network error or server restart: fall through to the backoff below.
      }
      if (controller.signal.aborted) break;
      setLive('offline');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 15_000);
    }
    setLive('offline');
  }

  return {
    call: call as ApiClient['call'],
    subscribe(listener) {
      listeners.add(listener);
      if (!stream && token) {
        stream = new AbortController();
        void runStream(stream);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stream) {
          stream.abort();
          stream = null;
        }
      };
    },
    onLiveState(listener) {
      liveListeners.add(listener);
      return () => {
        liveListeners.delete(listener);
      };
    },
    getLiveState: () => liveState,
  };
}
