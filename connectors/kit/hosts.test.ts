import { describe, expect, it } from 'vitest';
import { hostAllowed, hostOf, timeZoneSchema } from './hosts.ts';

describe('hostAllowed', () => {
  it('matches exact hosts and one wildcard label, never a look-alike suffix', () => {
    expect(hostAllowed('api.hubapi.com', ['api.hubapi.com'])).toBe(true);
    expect(hostAllowed('API.HubApi.com.', ['api.hubapi.com'])).toBe(true);
    expect(hostAllowed('api.intacct.com', ['*.intacct.com'])).toBe(true);
    expect(hostAllowed('a.b.intacct.com', ['*.intacct.com'])).toBe(true);
    expect(hostAllowed('intacct.com', ['*.intacct.com'])).toBe(false);
    expect(hostAllowed('intacct.com.evil.example', ['*.intacct.com'])).toBe(false);
    expect(hostAllowed('evilintacct.com', ['*.intacct.com'])).toBe(false);
    expect(hostAllowed('127.0.0.1', [])).toBe(false);
  });

  it('takes the host of a configured origin', () => {
    expect(hostOf('https://ERP.local:4443/sage300')).toBe('erp.local');
    expect(hostOf('http://[::1]:8080/')).toBe('::1');
  });
});

describe('timeZoneSchema', () => {
  it('accepts IANA zones, defaults to UTC and refuses made-up names', () => {
    expect(timeZoneSchema.parse('Europe/Paris')).toBe('Europe/Paris');
    expect(timeZoneSchema.parse(undefined)).toBe('UTC');
    expect(timeZoneSchema.safeParse('Mars/Olympus').success).toBe(false);
  });
});
