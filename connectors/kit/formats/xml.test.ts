import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { FatalError } from '../errors.ts';
import { createHttpClient } from '../http.ts';
import { startLocalServer, type LocalServer } from '../testing/local-server.ts';
import { buildXml, escapeXmlText, parseXml, xmlText } from './xml.ts';

describe('buildXml / parseXml', () => {
  it('escapes every value and writes empty, repeated and attributed elements', () => {
    const xml = buildXml({ request: { q: "NAME = 'A&B <Ltd>' ]]>", empty: null, skipped: undefined, line: [1, 2], fn: { '@_controlid': 'a"b', '#text': 't' } } });
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?><request><q>NAME = &apos;A&amp;B &lt;Ltd&gt;&apos; ]]&gt;</q><empty/><line>1</line><line>2</line><fn controlid="a&quot;b">t</fn></request>');
    expect(escapeXmlText('a\u0000b\u0008c\ud800d')).toBe('abcd');
  });

  it('refuses unusable names, several roots and non-finite numbers', () => {
    expect(() => buildXml({ 'a b': 'x' })).toThrow(/name/);
    expect(() => buildXml({ r: { '<x>': 'y' } })).toThrow(/name/);
    expect(() => buildXml({ a: '1', b: '2' })).toThrow(/one root/);
    expect(() => buildXml({ r: { n: Number.NaN } })).toThrow(/finite/);
  });

  it('parses strings as strings, forced arrays, and drops indentation between elements', () => {
    const doc = parseXml<{ response: { operation: { result: { status: string; key: string; data: { '@_count': string } }[] } } }>(
      '<?xml version="1.0" encoding="UTF-8"?>\n<response>\n  <operation>\n    <result>\n      <status>success</status>\n      <key>00123</key>\n      <data count="2"> x </data>\n    </result>\n  </operation>\n</response>',
      { arrays: ['result'] },
    );
    const r = doc.response.operation.result[0]!;
    expect(r.status).toBe('success');
    expect(r.key).toBe('00123');
    expect(r.data).toEqual({ '@_count': '2', '#text': ' x ' });
    expect(xmlText(r.data)).toBe(' x ');
  });

  it('refuses malformed documents and DOCTYPEs (no entity expansion)', () => {
    expect(() => parseXml('<a><b></a>', { system: 'intacct' })).toThrow(FatalError);
    const bomb = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><l>&b;</l>';
    expect(() => parseXml(bomb)).toThrow(/DOCTYPE/);
  });
});

describe('an XML request over a real socket', () => {
  let server: LocalServer;
  let received = '';
  beforeAll(async () => {
    server = await startLocalServer((_req, body, res) => {
      received = body;
      // An independent parser on the server side sees the value as data, and answers in XML.
      const seen = new XMLParser({ parseTagValue: false, trimValues: false, htmlEntities: true }).parse(body) as { request: { name: string } };
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(buildXml({ response: { echo: seen.request.name, count: 1 } }));
    });
  });
  afterAll(() => server.close());

  it('the server reads back exactly the value sent, and we read its answer', async () => {
    const http = createHttpClient({ system: 'intacct', baseUrl: server.origin, retry: false });
    const name = "O'Brien & Sons <GmbH> ]]> \u0007 שלום 😀";
    const res = await http.request<string>({ method: 'POST', path: '/ia/xml/xmlgw.phtml', body: buildXml({ request: { name } }), headers: { 'content-type': 'application/xml' }, responseType: 'text' });
    expect(received).not.toContain('<GmbH>');
    expect(parseXml<{ response: { echo: string; count: string } }>(res.body).response).toEqual({ echo: "O'Brien & Sons <GmbH> ]]>  שלום 😀", count: '1' });
    await http.close();
  });
});
