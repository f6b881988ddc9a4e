import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.ts';
import { hostAllowed, hostOf, isAllowedHost, requireAllowedHost, timeZoneSchema } from './hosts.ts';

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

describe('isAllowedHost / requireAllowedHost', () => {
  it('accepts exact origins and https host patterns, plain http only on loopback', () => {
    const allowed = ['https://www.zohoapis.com', '*.zohoapis.eu', '127.0.0.1'];
    expect(isAllowedHost('https://www.zohoapis.com/crm/v8', allowed)).toBe(true);
    expect(isAllowedHost('https://www.zohoapis.com:8443/crm', allowed)).toBe(false);
    expect(isAllowedHost('http://www.zohoapis.com', allowed)).toBe(false);
    expect(isAllowedHost('https://www.zohoapis.eu', allowed)).toBe(true);
    expect(isAllowedHost('http://www.zohoapis.eu', allowed)).toBe(false);
    expect(isAllowedHost('https://zohoapis.eu.evil.example', allowed)).toBe(false);
    expect(isAllowedHost('https://user:pw@www.zohoapis.eu', allowed)).toBe(false);
    expect(isAllowedHost('http://127.0.0.1:4010', allowed)).toBe(true);
    expect(isAllowedHost('not a url', allowed)).toBe(false);
    expect(isAllowedHost('file:///etc/passwd', allowed)).toBe(false);
  });

  it('refuses with a ConfigError naming the origin, never the path or query', () => {
    let err: unknown;
    try {
      requireAllowedHost('https://evil.example/x?token=secret', ['*.intacct.com'], { system: 'intacct', what: 'session endpoint' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('HOST_NOT_ALLOWED');
    expect((err as ConfigError).message).toContain('https://evil.example');
    expect((err as ConfigError).message).not.toContain('secret');
  });
});
