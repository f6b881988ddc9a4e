import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { SecretFilter, redactHeaders, secretFilter } from './redact.ts';
import { createLogger } from './logger.ts';

describe('SecretFilter', () => {
  it('removes registered values wherever they appear, including encoded forms', () => {
    const f = new SecretFilter();
    f.add('pat-na1-11112222-3333-4444-5555-666677778888');
    f.addBasicAuth('ADMIN', 'p@ss word!');
    const msg = `GET /x?token=pat-na1-11112222-3333-4444-5555-666677778888 pw=p%40ss%20word! basic ${Buffer.from('ADMIN:p@ss word!').toString('base64')} raw p@ss word!`;
    const out = f.filter(msg);
    expect(out).not.toContain('pat-na1-1111');
    expect(out).not.toContain('p%40ss');
    expect(out).not.toContain('p@ss word!');
    expect(out).not.toContain(Buffer.from('ADMIN:p@ss word!').toString('base64'));
    expect(out).toContain('[REDACTED]');
  });

  it('ignores values too short to be secrets and leaves other text alone', () => {
    const f = new SecretFilter();
    f.add('ab');
    expect(f.filter('abc ab')).toBe('abc ab');
  });

  it('filters nested values and errors', () => {
    const f = new SecretFilter();
    f.add('s3cr3t-value');
    const out = f.filterValue({ a: ['x s3cr3t-value'], e: new Error('bad s3cr3t-value') }) as { a: string[]; e: { message: string } };
    expect(out.a[0]).toBe('x [REDACTED]');
    expect(out.e.message).toBe('bad [REDACTED]');
  });

  it('masks secret headers by name', () => {
    expect(redactHeaders({ Authorization: 'Bearer x', accept: 'json' })).toEqual({ Authorization: '[REDACTED]', accept: 'json' });
  });
});

describe('createLogger', () => {
  it('never writes a registered secret or a secret field', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    secretFilter.add('tok-abcdef-123456');
    const log = createLogger({ destination, level: 'debug' });
    log.info({ url: 'https://h/x?t=tok-abcdef-123456', headers: { authorization: 'Bearer zzz' }, password: 'pw-plain' }, 'called with tok-abcdef-123456');
    log.error(new Error('upstream said tok-abcdef-123456'));
    const text = lines.join('');
    expect(text).not.toContain('tok-abcdef-123456');
    expect(text).not.toContain('zzz');
    expect(text).not.toContain('pw-plain');
    expect(text).toContain('[REDACTED]');
  });
});
