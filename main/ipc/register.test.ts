// The IPC transport against the real service: every contract channel is served, only our own top frame
// is answered, and input validation is dispatch()'s (a bad field comes back as INVALID_INPUT naming it).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channels, type ServiceImpl } from '../../preload/contract/index.ts';
import { createAppService, type FullAppService } from '../service/index.ts';
import { registerIpc } from './register.ts';
import type { FrameLike, IpcMainLike, InvokeEventLike } from './ipc-types.ts';

const ORIGIN = 'app://mlc';

/** A minimal ipcMain: stores handlers and lets the test invoke them the way Electron would. */
function ipcMainStub() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const invoke = (frame: FrameLike | null, channel: string, ...args: unknown[]) => handlers.get(channel)!({ senderFrame: frame }, ...args);
  return { ipc, handlers, invoke };
}

const top = (url: string): FrameLike => ({ url, parent: null });

/** The real service on a throw-away data folder. */
async function withService(fn: (service: FullAppService) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-ipc-'));
  const service = createAppService({ dataDir: dir, mode: 'desktop' });
  try {
    await fn(service);
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('registerIpc', () => {
  it('registers exactly the contract channels and removes them again', async () => {
    await withService(async (service) => {
      const { ipc, handlers } = ipcMainStub();
      const dispose = registerIpc({ ipcMain: ipc, impl: service.impl, origin: ORIGIN });
      expect([...handlers.keys()].sort()).toEqual([...channels].sort());
      dispose();
      expect(handlers.size).toBe(0);
    });
  });

  it('answers our top frame with the real service envelope', async () => {
    await withService(async (service) => {
      const { ipc, invoke } = ipcMainStub();
      registerIpc({ ipcMain: ipc, impl: service.impl, origin: ORIGIN });
      expect(await invoke(top('app://mlc/index.html#/flows'), 'connections:list', {})).toEqual({ ok: true, value: [] });
      const settings = (await invoke(top('app://mlc/index.html'), 'settings:get', undefined)) as { ok: boolean; value: { keepRunningInBackground: boolean } };
      expect(settings.ok).toBe(true);
      expect(settings.value.keepRunningInBackground).toBe(true);
    });
  });

  it('rejects a bad payload before the service sees it, naming the field', async () => {
    await withService(async (service) => {
      const { ipc, invoke } = ipcMainStub();
      registerIpc({ ipcMain: ipc, impl: service.impl, origin: ORIGIN });
      const r = (await invoke(top('app://mlc/index.html'), 'settings:update', { auditRetentionDays: 'lots' })) as { ok: false; error: { code: string; message: string; path: unknown[] } };
      expect(r.ok).toBe(false);
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.path).toEqual(['auditRetentionDays']);
      expect(r.error.message).toContain('auditRetentionDays');
    });
  });

  it.each([
    ['a subframe of our page', { url: 'app://mlc/index.html', parent: top('app://mlc/index.html') }],
    ['another origin', top('https://evil.example/')],
    ['another app:// host', top('app://other/index.html')],
    ['a file:// page', top('file:///C:/Users/admin/Downloads/page.html')],
    ['a look-alike with credentials', top('app://user:pw@mlc/index.html')],
    ['a detached frame', { url: 'app://mlc/index.html', parent: null, detached: true }],
    ['no frame (navigated away)', null],
  ])('refuses %s without calling the service', async (_label, frame) => {
    await withService(async (service) => {
      const { ipc, invoke } = ipcMainStub();
      const rejected: string[] = [];
      let called = false;
      const impl: ServiceImpl = {
        ...service.impl,
        'settings:update': async (input) => {
          called = true;
          return service.impl['settings:update'](input);
        },
      };
      registerIpc({ ipcMain: ipc, impl, origin: ORIGIN, onRejected: (channel) => rejected.push(channel) });
      const r = (await invoke(frame as FrameLike | null, 'settings:update', { theme: 'dark' })) as { ok: false; error: { code: string } };
      expect(r).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
      expect(called).toBe(false);
      expect(rejected).toEqual(['settings:update']);
    });
  });
});
