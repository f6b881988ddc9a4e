// The parts of Electron's IPC objects the transport uses. main/ipc may not import electron (only
// main/electron may, see eslint.config.js), so it states what it needs; Electron's real ipcMain,
// WebFrameMain and WebContents satisfy these shapes, and tests can hand in small fakes.

/** Pushed events travel on this one channel; the preload listens on it (the contract owns the name). */
export { EVENT_CHANNEL } from '../../preload/contract/index.ts';

export interface FrameLike {
  readonly url: string;
  /** null for a top-level frame. */
  readonly parent: FrameLike | null;
  readonly detached?: boolean;
}

export interface InvokeEventLike {
  /** null when the frame navigated away or was destroyed before the message was handled. */
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface WebContentsLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  getURL(): string;
}
