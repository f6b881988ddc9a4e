// Remembers the window's size, position and maximised state. A saved position is used only if enough of
// the title bar would land on a connected display (a monitor may have been unplugged since).
import type { BrowserWindow } from 'electron';
import { z } from 'zod';

export const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW = { width: 1280, height: 820 };
export const MIN_WINDOW = { width: 900, height: 600 };
/** How much of the window's top strip must be on a display for the position to count as visible. */
const VISIBLE_STRIP = { width: 120, height: 40 };

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

export interface RestoredWindow {
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

export function restoreWindowState(saved: unknown, workAreas: readonly Rect[]): RestoredWindow {
  const parsed = windowStateSchema.safeParse(saved);
  if (!parsed.success) return { bounds: { ...DEFAULT_WINDOW }, maximized: false };
  const s = parsed.data;
  const largest = workAreas.reduce<Rect | null>((best, a) => (!best || a.width * a.height > best.width * best.height ? a : best), null);
  const width = Math.max(MIN_WINDOW.width, Math.min(s.width, largest?.width ?? s.width));
  const height = Math.max(MIN_WINDOW.height, Math.min(s.height, largest?.height ?? s.height));
  if (s.x === undefined || s.y === undefined) return { bounds: { width, height }, maximized: s.maximized };
  const titleBar: Rect = { x: s.x, y: s.y, width, height: VISIBLE_STRIP.height };
  const visible = workAreas.some((area) => {
    const o = overlap(titleBar, area);
    return o.width >= VISIBLE_STRIP.width && o.height >= VISIBLE_STRIP.height;
  });
  return { bounds: visible ? { x: s.x, y: s.y, width, height } : { width, height }, maximized: s.maximized };
}

export type WindowStateWindow = Pick<BrowserWindow, 'getNormalBounds' | 'isMaximized' | 'on' | 'isDestroyed'>;

/** Saves the state shortly after the user stops moving/resizing, and once more when the window closes. */
export function trackWindowState(win: WindowStateWindow, save: (state: WindowState) => void, debounceMs = 400): void {
  let timer: NodeJS.Timeout | undefined;
  const snapshot = () => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    save({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(snapshot, debounceMs);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', snapshot);
  win.on('unmaximize', snapshot);
  win.on('close', () => {
    clearTimeout(timer);
    snapshot();
  });
}
