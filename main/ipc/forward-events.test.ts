import { describe, expect, it } from 'vitest';
import { EventBus } from '../service/events.ts';
import { forwardEvents } from './forward-events.ts';
import { EVENT_CHANNEL, type WebContentsLike } from './ipc-types.ts';

function contents(url: string, destroyed = false) {
  const sent: unknown[][] = [];
  const wc: WebContentsLike & { sent: unknown[][] } = { sent, send: (channel, ...args) => void sent.push([channel, ...args]), isDestroyed: () => destroyed, getURL: () => url };
  return wc;
}

describe('forwardEvents', () => {
  it('pushes service events on one channel, only to live pages of our origin', () => {
    const bus = new EventBus();
    const ours = contents('app://mlc/index.html#/audit');
    const foreign = contents('https://example.com/');
    const gone = contents('app://mlc/index.html', true);
    const stop = forwardEvents(bus, () => [ours, foreign, gone], 'app://mlc');
    bus.emit('connections:changed', {});
    expect(ours.sent).toEqual([[EVENT_CHANNEL, { name: 'connections:changed', payload: {} }]]);
    expect(foreign.sent).toEqual([]);
    expect(gone.sent).toEqual([]);
    stop();
    bus.emit('connections:changed', {});
    expect(ours.sent).toHaveLength(1);
  });
});
