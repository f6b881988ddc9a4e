import { describe, expect, it } from 'vitest';
import { formatAbout, formatShare, perDayText, usageText } from './budget-text.ts';

describe('budget figures as the admin reads them', () => {
  it('rounds an estimate as one and keeps small shares visible', () => {
    expect(formatAbout(3437)).toBe('3,400');
    expect(formatAbout(12_345)).toBe('12,000');
    expect(formatAbout(437)).toBe('440');
    expect(formatAbout(43.4)).toBe('43');
    expect(formatShare(0.0137)).toBe('1.4 %');
    expect(formatShare(0.82)).toBe('82 %');
    expect(formatShare(0.0004)).toBe('< 0.1 %');
    expect(formatShare(0)).toBe('0.0 %');
  });

  it('says a day’s spend against a daily or a rolling allowance', () => {
    expect(perDayText(3437, 250_000, { kind: 'daily', timeZone: 'UTC' }, 'calls')).toBe("about 3,400 calls/day, 1.4 % of today's 250,000");
    expect(perDayText(3400, 50_000, { kind: 'rolling', windowMs: 86_400_000 }, 'credits')).toBe('about 3,400 credits/day, 6.8 % of the 50,000 of any 24 hours');
    expect(usageText(41_230, 250_000, 12_500, { kind: 'daily', timeZone: 'UTC' }, 'calls')).toBe('41,230 of 250,000 API calls used today (16 %); 12,500 kept for other apps');
  });
});
