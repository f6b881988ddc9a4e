/**
 * Polls `fn` every 150 ms until it gives a truthy value and returns it; past `timeoutMs` it throws
 * "timed out waiting for <what>". For tests that wait on another process (a webhook delivery, a run the
 * scheduler starts) rather than sleeping a fixed time.
 */
export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
