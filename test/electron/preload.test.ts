// The preload exposes window.mlc = { call, subscribe } and nothing else; `call` reaches only contract
// channels, end to end through the real IPC transport and the real service; `subscribe` hands the
// listener the event, never Electron's IPC event object.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiClient, AppEvent } from '../../preload/contract/index.ts';

vi.mock('electron', () => import('./fake-electron.ts'));
const fake = await import('./fake-electron.ts');
const { registerIpc } = await import('../../main/ipc/register.ts');
const { forwardEvents } = await import('../../main/ipc/forward-events.ts');
const { createAppService } = await import('../../main/service/index.ts');
const { tempDir } = await import('./service-fixture.ts');

describe('preload', () => {
  const tmp = tempDir();
  const service = createAppService({ dataDir: tmp.dir, mode: 'desktop' });
  let mlc: ApiClient;

  beforeAll(async () => {
    fake.resetFakeElectron();
    registerIpc({ ipcMain: fake.ipcMain, impl: service.impl, origin: 'app://mlc' });
    await import('../../preload/index.ts');
    mlc = fake.contextBridge.exposed.get('mlc') as ApiClient;
  });
  afterAll(async () => {
    await service.close();
    tmp.remove();
  });

  it('exposes exactly window.mlc with call and subscribe', () => {
    expect([...fake.contextBridge.exposed.keys()]).toEqual(['mlc']);
    expect(Object.keys(mlc).sort()).toEqual(['call', 'subscribe']);
  });

  it('calls the real service through the IPC transport', async () => {
    expect(await mlc.call('connections:list', {})).toEqual({ ok: true, value: [] });
    const info = await mlc.call('settings:appInfo', {});
    expect(info).toMatchObject({ ok: true, value: { mode: 'desktop', dataDir: tmp.dir } });
  });

  it('refuses a channel outside the contract without sending anything', async () => {
    const before = fake.ipcRenderer.invocations.length;
    for (const channel of ['electron-store-get-data', 'mlc:event', 'ELECTRON_BROWSER_REQUIRE', 'constructor', '__proto__']) {
      const r = await mlc.call(channel as 'connections:list', {});
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(fake.ipcRenderer.invocations.length).toBe(before);
  });

  it('is refused by main when the page is not ours', async () => {
    fake.ipcRenderer.frame = new fake.FakeFrame('https://evil.example/');
    try {
      expect(await mlc.call('connections:list', {})).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    } finally {
      fake.ipcRenderer.frame = new fake.FakeFrame('app://mlc/index.html');
    }
  });

  it('delivers pushed events as plain payloads and stops after unsubscribe', () => {
    const win = new fake.BrowserWindow({});
    win.webContents.navigateTo('app://mlc/index.html');
    const stop = forwardEvents(service.events, () => [win.webContents], 'app://mlc');
    const got: unknown[][] = [];
    const unsubscribe = mlc.subscribe((...args: unknown[]) => got.push(args));
    service.events.emit('connections:changed', {});
    for (const m of win.webContents.sent) fake.ipcRenderer.deliver(m.channel, ...m.args);
    expect(got).toEqual([[{ name: 'connections:changed', payload: {} } satisfies AppEvent]]);
    unsubscribe();
    fake.ipcRenderer.deliver('mlc:event', { name: 'connections:changed', payload: {} });
    expect(got).toHaveLength(1);
    stop();
  });
});
