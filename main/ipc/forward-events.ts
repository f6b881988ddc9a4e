// Pushes service events (run progress, run finished, alerts…) to every open window on EVENT_CHANNEL.
// Only pages still showing our origin receive them, so nothing leaks to a page that is not ours.
import type { AppEvent } from '../../preload/contract/index.ts';
import type { EventBus } from '../service/events.ts';
import { EVENT_CHANNEL, type WebContentsLike } from './ipc-types.ts';
import { isSameOrigin } from './trusted-sender.ts';

export function forwardEvents(events: EventBus, targets: () => Iterable<WebContentsLike>, origin: string): () => void {
  return events.subscribe((event: AppEvent) => {
    for (const wc of targets()) {
      if (wc.isDestroyed() || !isSameOrigin(wc.getURL(), origin)) continue;
      wc.send(EVENT_CHANNEL, event);
    }
  });
}
