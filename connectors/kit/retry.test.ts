import { describe, expect, it } from 'vitest';
import { AuthError, FatalError, RetriableError } from './errors.ts';
import { backoffDelay, withRetry } from './retry.ts';

const noSleep = async (): Promise<void> => {};

describe('backoffDelay', () => {
  it('uses full jitter under an exponential cap', () => {
    const e = new RetriableError('x');
    expect(backoffDelay(0, e, { baseMs: 100, random: () => 0.999 })).toBe(99);
    expect(backoffDelay(3, e, { baseMs: 100, random: () => 0.5 })).toBe(400);
    expect(backoffDelay(20, e, { baseMs: 100, maxDelayMs: 1000, random: () => 0.999 })).toBe(999);
    expect(backoffDelay(0, e, { random: () => 0 })).toBe(0);
  });
  it('never waits less than the server asked', () => {
    expect(backoffDelay(0, new RetriableError('x', { retryAfterMs: 7000 }), { random: () => 0.1 })).toBe(7000);
  });
});

describe('withRetry', () => {
  it('retries retriable errors and returns the eventual result', async () => {
    const delays: number[] = [];
    let calls = 0;
    const out = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new RetriableError('503', { retryAfterMs: 10 });
        return 'ok';
      },
      { sleep: async (ms) => void delays.push(ms), random: () => 0 },
    );
    expect(out).toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toEqual([10, 10]);
  });

  it('stops after the attempt bound and rethrows the last retriable error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new RetriableError(`fail ${calls}`);
        },
        { attempts: 4, sleep: noSleep },
      ),
    ).rejects.toThrow('fail 4');
    expect(calls).toBe(4);
  });

  it('does not retry other kinds', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new AuthError('no');
        },
        { sleep: noSleep },
      ),
    ).rejects.toBeInstanceOf(AuthError);
    expect(calls).toBe(1);
  });

  it('gives up at once when the server asks for a wait beyond the limit', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new RetriableError('later', { retryAfterMs: 3_600_000 });
        },
        { sleep: noSleep },
      ),
    ).rejects.toBeInstanceOf(RetriableError);
    expect(calls).toBe(1);
  });

  it('is cancelled by the signal while waiting', async () => {
    const ac = new AbortController();
    const p = withRetry(
      async () => {
        throw new RetriableError('x', { retryAfterMs: 60_000 });
      },
      { signal: ac.signal },
    );
    setTimeout(() => ac.abort(), 20);
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FatalError);
    expect((err as FatalError).code).toBe('CANCELLED');
  });
});
