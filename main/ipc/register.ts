// The IPC transport of the contract: one ipcMain.handle per contract channel. Each handler checks the
// sender frame, then hands the raw input to dispatch(), which validates it with the call's zod schema
// and returns the { ok, value | error } envelope — the same function the HTTP transport uses.
import { channels, type ApiError, type Result, type ServiceImpl } from '../../preload/contract/index.ts';
import { dispatch } from '../service/dispatch.ts';
import { isTrustedFrame } from './trusted-sender.ts';
import type { IpcMainLike } from './ipc-types.ts';

export interface RegisterIpcOptions {
  ipcMain: IpcMainLike;
  impl: ServiceImpl;
  /** Our renderer's origin, e.g. `app://mlc`. */
  origin: string;
  /** Called for every refused message, so the host can log it. */
  onRejected?: (channel: string, senderUrl: string | null) => void;
}

export function untrustedSenderError(channel: string): ApiError {
  return {
    code: 'UNTRUSTED_SENDER',
    message: `${channel}: refused a call from a frame that is not the app's own window.`,
    hint: 'Only the ml-connector window may call the service.',
  };
}

/** Registers every contract channel; returns a function that removes them again. */
export function registerIpc({ ipcMain, impl, origin, onRejected }: RegisterIpcOptions): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, input): Promise<Result<unknown>> => {
      if (!isTrustedFrame(event.senderFrame, origin)) {
        onRejected?.(channel, event.senderFrame?.url ?? null);
        return { ok: false, error: untrustedSenderError(channel) };
      }
      return dispatch(impl, channel, input);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
