import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { lowestLevel, passes } from './log-level.ts';

describe('engine thread log level', () => {
  it('takes the main logger’s level, so the thread posts only lines that logger writes', () => {
    expect(lowestLevel(pino({ level: 'info', enabled: true }, pino.destination('/dev/null')))).toBe('info');
    expect(lowestLevel(pino({ level: 'debug' }, pino.destination('/dev/null')))).toBe('debug');
    expect(lowestLevel(pino({ level: 'warn' }, pino.destination('/dev/null')))).toBe('warn');
    expect(lowestLevel({ debug() {}, info() {}, warn() {}, error() {} })).toBe('debug');
    expect(passes('debug', 'info')).toBe(false);
    expect(passes('info', 'info')).toBe(true);
    expect(passes('error', 'warn')).toBe(true);
  });
});
