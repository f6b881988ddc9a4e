// electron-updater is faked (it needs an installed app and a feed); UpdateController is real: it reports
// a status the UI can show, reads the feed from settings, and installs only when nothing is disturbed.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpdateController, DAY_MS, publisherNames, type UpdaterLike } from '../../main/electron/updater.ts';

class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  feeds: unknown[] = [];
  checks = 0;
  installs: [boolean | undefined, boolean | undefined][] = [];
  next: 'none' | 'update' | 'fail' = 'none';
  setFeedURL(options: { provider: 'generic'; url: string }) {
    this.feeds.push(options);
  }
  async checkForUpdates() {
    this.checks++;
    this.emit('checking-for-update');
    if (this.next === 'fail') throw new Error('net::ERR_NAME_NOT_RESOLVED');
    if (this.next === 'none') this.emit('update-not-available', { version: '0.1.0' });
    else this.emit('update-available', { version: '0.2.0', files: this.offer });
    return null;
  }
  /** What the feed's latest.yml lists (electron-updater refuses a download that does not match its sha512). */
  offer: { url: string; sha512?: string }[] = [{ url: 'ML-Connector-Setup-0.2.0.exe', sha512: 'c2hhNTEy' }];
  downloads = 0;
  async downloadUpdate() {
    this.downloads++;
    this.emit('download-progress', { percent: 42.7 });
    return null;
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

function controller(over: Partial<ConstructorParameters<typeof UpdateController>[0]> = {}) {
  const updater = new FakeUpdater();
  const state = { busy: false, background: true, feed: 'https://updates.example.com/mlc' };
  const c = new UpdateController({
    updater,
    packaged: true,
    feedUrl: async () => state.feed,
    isBusy: () => state.busy,
    isInBackground: () => state.background,
    now: () => new Date('2030-01-02T03:04:05Z'),
    ...over,
  });
  return { c, updater, state };
}

afterEach(() => vi.useRealTimers());

describe('UpdateController', () => {
  it('downloads in the background and installs on quit', () => {
    const { updater } = controller();
    expect(updater.autoDownload).toBe(false); // downloads start once the offered files were checked
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('is disabled in development and without a feed, and says why', async () => {
    expect(await controller({ packaged: false }).c.check()).toMatchObject({ status: 'disabled', message: expect.stringContaining('installed app') });
    const { c, state, updater } = controller();
    state.feed = '  ';
    expect(await c.check()).toMatchObject({ status: 'disabled', message: expect.stringContaining('Update feed URL'), checkedAt: '2030-01-02T03:04:05.000Z' });
    expect(updater.checks).toBe(0);
  });

  it('checks the generic feed from settings and reports "not-available"', async () => {
    const { c, updater } = controller();
    expect(await c.check()).toEqual({ status: 'not-available', version: null, message: null, checkedAt: '2030-01-02T03:04:05.000Z' });
    expect(updater.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example.com/mlc' }]);
  });

  it('reports a failing feed as an error the UI can show', async () => {
    const { c, updater } = controller();
    updater.next = 'fail';
    expect(await c.check()).toMatchObject({ status: 'error', message: 'net::ERR_NAME_NOT_RESOLVED' });
  });

  it('never installs while a sync runs or the window is open; installs once idle in the background', async () => {
    vi.useFakeTimers();
    const { c, updater, state } = controller();
    updater.next = 'update';
    await c.check();
    expect(c.status()).toMatchObject({ status: 'downloading', version: '0.2.0', message: '42% downloaded' });
    state.busy = true;
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(c.status()).toMatchObject({ status: 'ready', version: '0.2.0' });
    expect(updater.installs).toEqual([]);
    state.busy = false;
    state.background = false;
    expect(c.installWhenIdle()).toBe(false);
    vi.advanceTimersByTime(10 * 60 * 1000);
    expect(updater.installs).toEqual([]);
    state.background = true;
    vi.advanceTimersByTime(10 * 60 * 1000);
    expect(updater.installs).toEqual([[true, true]]);
    // A ready update is not re-checked.
    expect(await c.check()).toMatchObject({ status: 'ready' });
    expect(updater.checks).toBe(1);
    c.stop();
  });

  it('checks at start and then daily', async () => {
    vi.useFakeTimers();
    const { c, updater } = controller();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect(updater.checks).toBe(2);
    c.stop();
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect(updater.checks).toBe(2);
  });
});

describe('UpdateController refuses what it cannot verify', () => {
  it('refuses a plain http:// feed before contacting it', async () => {
    const { c, updater, state } = controller();
    state.feed = 'http://updates.example.com/mlc';
    expect(await c.check()).toMatchObject({ status: 'error', message: expect.stringMatching(/^Refused the update feed http:\/\/updates\.example\.com\/mlc: updates are fetched over https:\/\/ only/) });
    expect(updater.feeds).toEqual([]);
    expect(updater.checks).toBe(0);
  });

  it('on Windows refuses updates when this build names no signing publisher, and checks when it does', async () => {
    const unsigned = controller({ platform: 'win32', windowsPublishers: async () => null });
    expect(await unsigned.c.check()).toMatchObject({ status: 'error', message: expect.stringMatching(/not code-signed/) });
    expect(unsigned.updater.checks).toBe(0);
    const signed = controller({ platform: 'win32', windowsPublishers: async () => ['ML Connector Ltd'] });
    signed.updater.next = 'update';
    expect(await signed.c.check()).toMatchObject({ status: 'downloading' });
  });

  it('does not download an update whose files carry no SHA-512', async () => {
    const { c, updater } = controller();
    updater.next = 'update';
    updater.offer = [{ url: 'ML-Connector-Setup-0.2.0.exe' }];
    expect(await c.check()).toMatchObject({ status: 'error', message: 'Update 0.2.0 refused: the feed gives no SHA-512 for ML-Connector-Setup-0.2.0.exe, so the download could not be verified.' });
    expect(updater.downloads).toBe(0);
  });

  it('reports a download refused for its signature or checksum, and never installs it', async () => {
    const { c, updater } = controller();
    updater.next = 'update';
    await c.check();
    updater.emit('error', Object.assign(new Error('New version 0.2.0 is not signed by the application owner: publisherNames: ML Connector Ltd'), { code: 'ERR_UPDATER_INVALID_SIGNATURE' }));
    expect(c.status()).toMatchObject({ status: 'error', message: expect.stringMatching(/^Update 0\.2\.0 refused: its installer is not signed by this app’s publisher/) });
    updater.emit('error', Object.assign(new Error('sha512 checksum mismatch'), { code: 'ERR_CHECKSUM_MISMATCH' }));
    expect(c.status().message).toMatch(/refused: the download does not match the SHA-512/);
    expect(c.installWhenIdle()).toBe(false);
    expect(updater.installs).toEqual([]);
  });
});

describe('publisherNames (app-update.yml)', () => {
  it('reads an inline name or a list, and null when unsigned', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'mlc-appupdate-'));
    const file = join(dir, 'app-update.yml');
    writeFileSync(file, 'provider: generic\nurl: https://x\npublisherName:\n  - ML Connector Ltd\n  - "ML Connector GmbH"\nupdaterCacheDirName: x\n');
    expect(publisherNames(file)).toEqual(['ML Connector Ltd', 'ML Connector GmbH']);
    writeFileSync(file, "publisherName: 'ML Connector Ltd'\n");
    expect(publisherNames(file)).toEqual(['ML Connector Ltd']);
    writeFileSync(file, 'provider: generic\nurl: https://x\n');
    expect(publisherNames(file)).toBeNull();
    expect(publisherNames(join(dir, 'missing.yml'))).toBeNull();
  });
});
