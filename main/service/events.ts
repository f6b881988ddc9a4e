// The service's event bus: the engine publishes run progress, run results and alerts; the IPC and
// HTTP (SSE) transports subscribe and forward them to every open window.
import type { AppEvent, EventName, EventPayload } from '../../preload/contract/index.ts';

export type EventListener = (event: AppEvent) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    const event = { name, payload } as AppEvent;
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A broken subscriber (a closed window) must not stop the others or the run.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
