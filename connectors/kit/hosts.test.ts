import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.ts';
import { addressKind, hostAllowed, hostOf, isAllowedHost, requireAllowedHost, timeZoneSchema } from './hosts.ts';

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

describe('addressKind (from the name alone: nothing is looked up or sent)', () => {
  it('knows loopback, the private ranges, .local and single-label names; everything else is public', () => {
    for (const h of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST.', 'api.localhost']) expect(addressKind(h), h).toBe('loopback');
    for (const h of ['10.0.0.5', '10.255.255.255', '172.16.0.1', '172.31.255.254', '192.168.1.10', 'fc00::1', 'fd12:3456::1', '[fd00::5]', 'sage300.local', 'ERP.LOCAL.', 'sageserver', '::ffff:192.168.0.9'])
      expect(addressKind(h), h).toBe('private');
    for (const h of ['8.8.8.8', '172.15.255.255', '172.32.0.1', '192.169.0.1', '11.0.0.1', '203.0.113.5', 'fe80::1', '2001:db8::1', 'erp.example.com', 'evil.local.example', '::ffff:8.8.8.8'])
      expect(addressKind(h), h).toBe('public');
  });

  it('isAllowedHost lets host patterns use plain http on all of 127/8, not on private or public hosts', () => {
    expect(isAllowedHost('http://127.0.0.2:8080/x', ['127.0.0.2'])).toBe(true);
    expect(isAllowedHost('http://10.0.0.5/x', ['10.0.0.5'])).toBe(false);
    expect(isAllowedHost('http://10.0.0.5/x', ['http://10.0.0.5'])).toBe(true);
  });
});
