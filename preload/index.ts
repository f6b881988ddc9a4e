// The preload of the sandboxed window: exposes `window.mlc` and nothing else. `call` reaches only the
// contract's channels (the list comes from preload/contract, never typed by hand) and `subscribe` hands
// the listener the event payload, never Electron's IPC event object. Bundled into one CJS file by
// scripts/build-main.mjs, because a sandboxed preload cannot require anything but a few built-ins.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, channels, type ApiClient, type AppEvent } from './contract/index.ts';

const allowed: ReadonlySet<string> = new Set(channels);

const mlc: ApiClient = {
  call(channel, input) {
    if (!allowed.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `There is no call named "${String(channel)}".` } });
    }
    return ipcRenderer.invoke(channel, input);
  },
  subscribe(listener) {
    const onEvent = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
    ipcRenderer.on(EVENT_CHANNEL, onEvent);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, onEvent);
    };
  },
};

contextBridge.exposeInMainWorld('mlc', mlc);
