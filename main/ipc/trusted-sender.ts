// Who may call the service over IPC: only the top frame of a page served from our own origin
// (app://mlc). A subframe, a page that navigated elsewhere, or a destroyed frame is refused before any
// input is even parsed (VS Code's validatedIpcMain does the same).
import type { FrameLike } from './ipc-types.ts';

/** Compares scheme, host and port. `URL.origin` is "null" for custom schemes such as app://, so it cannot be used. */
export function isSameOrigin(url: string, origin: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(url);
    b = new URL(origin);
  } catch {
    return false;
  }
  return a.protocol === b.protocol && a.hostname === b.hostname && a.port === b.port && a.username === '' && a.password === '';
}

export function isTrustedFrame(frame: FrameLike | null | undefined, origin: string): boolean {
  if (!frame || frame.detached) return false;
  if (frame.parent !== null) return false;
  return isSameOrigin(frame.url, origin);
}
