// Property tests of the kit's XML envelope (connectors/kit/formats/xml.ts): whatever a record holds —
// control characters, &, <, ]]>, quotes, emoji, right-to-left text, lone surrogates, huge strings —
// the document it builds is well-formed XML 1.0, carries the value as data (never as markup), and
// parses back to the same value minus exactly the characters XML 1.0 cannot carry.
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildXml, parseXml, stripForbiddenXmlChars } from '../../connectors/kit/formats/xml.ts';
import { nastyString } from './arbitraries.ts';

const hostile = fc.oneof(
  nastyString(60),
  fc.constantFrom(']]>', '<![CDATA[x]]>', '&amp;', '&#13;', '&#0;', '<a>x</a>', '"\'', '\u202eRTL\u202c', 'שלום עולם', 'مرحبا', '\ud83d', '\ude00x', '\ufffe\uffff', '\r\n', ' lead', 'trail '),
);
const RUNS = { numRuns: 400 };
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

describe('XML envelope round trip', () => {
  it('element text: well-formed, only legal characters, same value back', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const xml = buildXml({ request: { function: { '@_controlid': 'f1', create: { VENDOR: { NAME: a, NOTE: b } } } } });
        expect(XMLValidator.validate(xml)).toBe(true);
        expect(XML_CHAR.test(xml)).toBe(true);
        const back = parseXml<{ request: { function: { create: { VENDOR: Record<string, unknown> } } } }>(xml);
        expect(back.request.function.create.VENDOR).toEqual({ NAME: stripForbiddenXmlChars(a), NOTE: stripForbiddenXmlChars(b) });
      }),
      RUNS,
    );
  });

  it('attribute values: same value back, and nothing escapes the attribute', () => {
    fc.assert(
      fc.property(hostile, (a) => {
        const xml = buildXml({ request: { function: { '@_controlid': a, '#text': 'x' } } });
        expect(XMLValidator.validate(xml)).toBe(true);
        const back = parseXml<{ request: { function: Record<string, unknown> } }>(xml);
        expect(back.request.function).toEqual({ '@_controlid': stripForbiddenXmlChars(a), '#text': 'x' });
      }),
      RUNS,
    );
  });

  it('stripping removes exactly the forbidden characters and keeps valid pairs', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const out = stripForbiddenXmlChars(s);
        expect(XML_CHAR.test(out)).toBe(true);
        expect(stripForbiddenXmlChars(out)).toBe(out);
        if (XML_CHAR.test(s)) expect(out).toBe(s);
      }),
      RUNS,
    );
  });
});
