import { describe, expect, it } from 'vitest';
import { FatalError } from '../../connectors/kit/errors.ts';
import { askAfterBlackouts, blackoutEnd } from './after-blackout.ts';

const refusal = (resumeAt: string) =>
  new FatalError('Sage 300 is in its blackout window "Day End" until 23:30: ml-connector does not call it then.', { code: 'BLACKOUT', hint: 'Ask again at 23:30.', data: { resumeAt, window: 'Day End', connection: 'Sage 300' } });

describe('askAfterBlackouts', () => {
  it('waits for the refusing window to end, says so, and asks again', async () => {
    const now = Date.parse('2026-12-08T23:00:00Z');
    const slept: number[] = [];
    const said: string[] = [];
    let asked = 0;
    const result = await askAfterBlackouts(
      async () => {
        asked++;
        if (asked === 1) throw refusal('2026-12-08T23:30:00.000Z');
        return 'report';
      },
      (line) => said.push(line),
      { sleep: async (ms) => void slept.push(ms), now: () => now, then: 'the dry run starts then' },
    );
    expect(result).toBe('report');
    expect(asked).toBe(2);
    expect(slept).toEqual([30 * 60_000 + 1000]);
    expect(said).toEqual(['ml-connector: waiting: Sage 300 is in its blackout window "Day End" until 23:30 — the dry run starts then.']);
  });

  it('passes any other failure on at once', async () => {
    const other = new FatalError('Sage 300 refused the password.', { code: 'AUTH' });
    await expect(askAfterBlackouts(() => Promise.reject(other), () => undefined, { sleep: async () => undefined })).rejects.toBe(other);
    expect(blackoutEnd(new Error('BLACKOUT'))).toBeNull();
    expect(blackoutEnd(refusal('not a date'))).toBeNull();
  });
});
