// The API session one company user shares across flows and runs of this process (spec §3): opened with
// getAPISession, reused until a little before the `sessiontimeout` the gateway last reported, renewed
// when it expires or the gateway says it is invalid. One login at a time: concurrent callers wait for it.

export interface ApiSession {
  id: string;
  /** Where the gateway told us to send this session's requests. */
  endpoint: string;
  /** Epoch ms of the last reported expiry. */
  expiresAt: number;
}

/** Renew this long before the reported expiry, so a request never races the timeout. */
export const RENEW_MARGIN_MS = 60_000;

export class SessionHolder {
  private current: ApiSession | undefined;
  private opening: Promise<ApiSession> | undefined;
  /** getAPISession calls made through this holder (bench: sessions opened per run). */
  opened = 0;

  async get(now: number, open: () => Promise<ApiSession>): Promise<ApiSession> {
    if (this.current && this.current.expiresAt - RENEW_MARGIN_MS > now) return this.current;
    this.opening ??= open()
      .then((s) => {
        this.opened++;
        this.current = s;
        return s;
      })
      .finally(() => {
        this.opening = undefined;
      });
    return this.opening;
  }

  /** The gateway reported a new expiry for this session (every answer slides it). */
  slide(id: string, expiresAt: number): void {
    if (this.current?.id === id && Number.isFinite(expiresAt)) this.current.expiresAt = expiresAt;
  }

  /** The gateway refused it: the next call opens a new one. */
  drop(id: string): void {
    if (this.current?.id === id) this.current = undefined;
  }
}
