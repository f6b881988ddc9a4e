import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { DEFAULT_WINDOW, MIN_WINDOW, restoreWindowState, trackWindowState, type WindowStateWindow } from '../../main/electron/window-state.ts';

const oneScreen = [{ x: 0, y: 0, width: 1920, height: 1040 }];

describe('restoreWindowState', () => {
  it('uses the default size for nothing or garbage', () => {
    expect(restoreWindowState(null, oneScreen)).toEqual({ bounds: DEFAULT_WINDOW, maximized: false });
    expect(restoreWindowState({ width: 'big' }, oneScreen)).toEqual({ bounds: DEFAULT_WINDOW, maximized: false });
  });

  it('restores a position that is on a display, with its maximised state', () => {
    expect(restoreWindowState({ x: 200, y: 100, width: 1300, height: 800, maximized: true }, oneScreen)).toEqual({
      bounds: { x: 200, y: 100, width: 1300, height: 800 },
      maximized: true,
    });
  });

  it('drops a position on a monitor that is no longer connected, keeping the size', () => {
    const r = restoreWindowState({ x: 2500, y: 100, width: 1300, height: 800, maximized: false }, oneScreen);
    expect(r.bounds).toEqual({ width: 1300, height: 800 });
  });

  it('keeps a position on a second display and clamps the size to the largest display', () => {
    const two = [...oneScreen, { x: 1920, y: 0, width: 1280, height: 984 }];
    expect(restoreWindowState({ x: 2000, y: 50, width: 1200, height: 900, maximized: false }, two).bounds).toEqual({ x: 2000, y: 50, width: 1200, height: 900 });
    expect(restoreWindowState({ width: 5000, height: 300, maximized: false }, oneScreen).bounds).toEqual({ width: 1920, height: MIN_WINDOW.height });
  });
});

describe('trackWindowState', () => {
  it('saves after moves settle and when the window closes', () => {
    vi.useFakeTimers();
    try {
      const win = Object.assign(new EventEmitter(), {
        bounds: { x: 10, y: 20, width: 1000, height: 700 },
        max: false,
        getNormalBounds() {
          return this.bounds;
        },
        isMaximized() {
          return this.max;
        },
        isDestroyed: () => false,
      });
      const saved: unknown[] = [];
      trackWindowState(win as unknown as WindowStateWindow, (s) => saved.push(s), 400);
      win.emit('move');
      win.emit('resize');
      expect(saved).toEqual([]);
      vi.advanceTimersByTime(400);
      expect(saved).toEqual([{ x: 10, y: 20, width: 1000, height: 700, maximized: false }]);
      win.max = true;
      win.emit('maximize');
      win.emit('close');
      expect(saved).toHaveLength(3);
      expect(saved[2]).toMatchObject({ maximized: true });
    } finally {
      vi.useRealTimers();
    }
  });
});
