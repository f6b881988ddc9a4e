// Self-update through electron-updater from a generic feed (settings.updateFeedUrl). Checks at start and
// daily, downloads in the background, and installs only when that cannot interrupt anything: when the
// admin quits, or when no sync is running and no window is open.
// What is verified (docs/desktop.md): the feed is https only; every file the feed offers must carry a
// SHA-512, which electron-updater checks after the download (all platforms); on Windows the installer's
// Authenticode signature must name the publisher this build was signed by (app-update.yml publisherName;
// an unsigned build has none, so it refuses updates instead of installing unverified ones); on macOS
// Squirrel.Mac only installs an app signed with the running app's Developer ID; Linux has the SHA-512 only. The status object is what
// settings:appInfo / settings:checkForUpdates report (the service reads it through the hook below).
import { readFileSync } from 'node:fs';
import type { AppInfo } from '../../preload/contract/index.ts';

export type UpdateStatus = AppInfo['update'];

/** The part of electron-updater's AppUpdater we use; main.ts passes the real `autoUpdater`. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'update-available', listener: (info: UpdateInfoLike) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
}

/** The part of electron-updater's UpdateInfo we check. */
export interface UpdateInfoLike {
  version: string;
  files?: { url: string; sha512?: string }[];
}

/** electron-updater's codes for a download that failed verification. */
const VERIFICATION_FAILURES: Record<string, string> = {
  ERR_UPDATER_INVALID_SIGNATURE: 'its installer is not signed by this app’s publisher',
  ERR_CHECKSUM_MISMATCH: 'the download does not match the SHA-512 the feed gives',
};


export interface UpdateControllerOptions {
  updater: UpdaterLike;
  /** False in development: electron-updater only works in an installed app. */
  packaged: boolean;
  feedUrl(): Promise<string>;
  /** A sync is running: never restart now. */
  isBusy(): boolean;
  /** No window is visible, so a restart disturbs nobody. */
  isInBackground(): boolean;
  now?: () => Date;
  log?: (message: string) => void;
  platform?: NodeJS.Platform;
  /** Windows: the Authenticode publisher names this build was signed with (app-update.yml), null when unsigned. */
  windowsPublishers?: () => Promise<string[] | null>;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
/** How long to wait before re-trying to install a ready update that could not be installed yet. */
const IDLE_RETRY_MS = 10 * 60 * 1000;

export class UpdateController {
  private current: UpdateStatus = { status: 'idle', version: null, message: null, checkedAt: null };
  private timers: NodeJS.Timeout[] = [];
  private retry: NodeJS.Timeout | null = null;
  private inFlight: Promise<UpdateStatus> | null = null;
  private readonly now: () => Date;

  constructor(private readonly o: UpdateControllerOptions) {
    this.now = o.now ?? (() => new Date());
    // Downloads start only after the offered files were checked (update-available below).
    o.updater.autoDownload = false;
    // The admin's own Quit installs a downloaded update: that is the moment nothing is expected to run.
    o.updater.autoInstallOnAppQuit = true;
    o.updater.on('checking-for-update', () => this.set({ status: 'checking' }));
    o.updater.on('update-available', (info: UpdateInfoLike) => this.offered(info));
    o.updater.on('update-not-available', () => this.set({ status: 'not-available', version: null, message: null }));
    o.updater.on('download-progress', (p: { percent: number }) => this.set({ status: 'downloading', message: `${Math.floor(p.percent)}% downloaded` }));
    o.updater.on('update-downloaded', (info: { version: string }) => {
      this.set({ status: 'ready', version: info.version, message: 'Installs when you quit, or when no sync is running and the window is closed.' });
      this.installWhenIdle();
    });
    o.updater.on('error', (e: Error & { code?: string }) => {
      const refused = e?.code ? VERIFICATION_FAILURES[e.code] : undefined;
      if (refused) return this.refuse(`Update ${this.current.version ?? ''} refused: ${refused}. It was not installed. (${e.message})`);
      this.set({ status: 'error', message: e?.message ?? String(e) });
    });
  }

  status(): UpdateStatus {
    return { ...this.current };
  }

  /** One check now (settings:checkForUpdates). Never starts a second check or re-checks a ready update. */
  check(): Promise<UpdateStatus> {
    if (this.current.status === 'ready' || this.current.status === 'downloading') return Promise.resolve(this.status());
    this.inFlight ??= this.runCheck().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /** Check at start and every day. */
  start(): void {
    void this.check();
    const daily = setInterval(() => void this.check(), DAY_MS);
    daily.unref?.();
    this.timers.push(daily);
  }

  /** Install a ready update if that disturbs nothing; otherwise try again later (or on quit). */
  installWhenIdle(): boolean {
    if (this.current.status !== 'ready') return false;
    if (!this.o.isBusy() && this.o.isInBackground()) {
      this.o.log?.(`installing update ${this.current.version} while idle`);
      this.o.updater.quitAndInstall(true, true);
      return true;
    }
    // One pending retry at a time, however often we are asked (window hidden, run finished…).
    if (!this.retry) {
      this.retry = setTimeout(() => {
        this.retry = null;
        this.installWhenIdle();
      }, IDLE_RETRY_MS);
      this.retry.unref?.();
    }
    return false;
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  private async runCheck(): Promise<UpdateStatus> {
    const checkedAt = this.now().toISOString();
    if (!this.o.packaged) return this.set({ status: 'disabled', message: 'Updates are checked by the installed app only.', checkedAt });
    const url = (await this.o.feedUrl()).trim();
    if (!url) return this.set({ status: 'disabled', message: 'No update feed is set (Settings → Update feed URL).', checkedAt });
    if (!/^https:\/\//i.test(url)) return this.refuse(`Refused the update feed ${url}: updates are fetched over https:// only. Change it in Settings → Update feed URL.`, checkedAt);
    if ((this.o.platform ?? process.platform) === 'win32' && !(await this.o.windowsPublishers?.())?.length) {
      return this.refuse('This build is not code-signed, so the installers the feed offers cannot be checked against its publisher; updates are off. Install new versions by hand.', checkedAt);
    }
    try {
      this.o.updater.setFeedURL({ provider: 'generic', url });
      this.set({ status: 'checking', message: null });
      await this.o.updater.checkForUpdates();
      if (this.current.status === 'checking') this.set({ status: 'not-available' });
    } catch (e) {
      this.set({ status: 'error', message: e instanceof Error ? e.message : String(e) });
    }
    return this.set({ checkedAt });
  }

  /** An offered update is downloaded only when every file carries the SHA-512 electron-updater checks it against. */
  private offered(info: UpdateInfoLike): void {
    const unchecked = (info.files ?? []).filter((f) => !f.sha512);
    if (!info.files?.length || unchecked.length) {
      this.refuse(`Update ${info.version} refused: the feed gives no SHA-512 for ${unchecked[0]?.url ?? 'its files'}, so the download could not be verified.`);
      return;
    }
    this.set({ status: 'available', version: info.version, message: 'Downloading in the background…' });
    this.o.updater.downloadUpdate().catch(() => undefined); // failures arrive as 'error' events
  }

  private refuse(message: string, checkedAt?: string): UpdateStatus {
    this.o.log?.(message);
    return this.set({ status: 'error', message, ...(checkedAt && { checkedAt }) });
  }

  private set(patch: Partial<UpdateStatus>): UpdateStatus {
    this.current = { ...this.current, ...patch };
    return this.status();
  }
}

/**
 * The Authenticode publisher names electron-builder wrote into app-update.yml when it signed this build
 * (`publisherName: X` or a `- X` list); null when the file or the key is missing (an unsigned build).
 */
export function publisherNames(appUpdateYml: string): string[] | null {
  let text: string;
  try {
    text = readFileSync(appUpdateYml, 'utf8');
  } catch {
    return null;
  }
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => /^publisherName:/.test(l));
  if (at < 0) return null;
  const unquote = (v: string) => v.trim().replace(/^(['"])(.*)\1$/, '$2');
  const inline = lines[at]!.slice('publisherName:'.length).trim();
  if (inline) return [unquote(inline)];
  const names: string[] = [];
  for (const l of lines.slice(at + 1)) {
    const m = /^\s+-\s+(.+)$/.exec(l);
    if (!m) break;
    names.push(unquote(m[1]!));
  }
  return names.length ? names : null;
}
