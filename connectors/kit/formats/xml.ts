// XML documents for XML APIs (Sage Intacct's gateway) on fast-xml-parser, with the two rules such APIs
// punish (Intacct spec §7): every value is escaped (a customer called `A&B <Ltd>` must not break the
// envelope or inject elements), and characters XML 1.0 forbids (control characters, lone surrogates,
// U+FFFE/U+FFFF) are removed before sending, since one of them makes the server reject the whole request.
//
//   buildXml({ request: { control: { senderid: id, password: pw }, operation: { content: { function: {
//     '@_controlid': 'f1', readByQuery: { object: 'VENDOR', query: "NAME = 'O''Brien & Sons'" } } } } } })
//   parseXml(text, { arrays: ['result', 'error'] }).response.operation.result[0].status
//
// Trees use fast-xml-parser's conventions: attributes `@_name`, text beside attributes `#text`, an array
// repeats an element, `null` writes an empty element, `undefined` writes nothing. Parsed values stay
// strings (`00123` keeps its zeros); documents with a DOCTYPE are refused (no entity expansion, no XXE).
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { FatalError } from '../errors.ts';

export type XmlValue = string | number | boolean | bigint | null | undefined | XmlElement | readonly XmlValue[];
export interface XmlElement {
  [name: string]: XmlValue;
}

// XML 1.0 §2.2 Char, as what is NOT allowed: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` without the characters an XML 1.0 document cannot carry. */
export function stripForbiddenXmlChars(text: string): string {
  return text.replace(FORBIDDEN, '');
}

/** True when the document holds a character, or a character reference, that XML 1.0 forbids. */
export function hasForbiddenXmlChars(xml: string): boolean {
  FORBIDDEN.lastIndex = 0;
  if (FORBIDDEN.test(xml)) return true;
  for (const m of xml.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) {
    const code = m[1]!.startsWith('x') ? parseInt(m[1]!.slice(1), 16) : parseInt(m[1]!, 10);
    const ok = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!ok) return true;
  }
  return false;
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '\t': '&#9;', '\n': '&#10;' };

/** Escaped character data: `]]>`, quotes and markup become references; CR survives parsers that normalise line ends. */
export function escapeXmlText(text: string): string {
  return stripForbiddenXmlChars(text).replace(/[&<>"'\r]/g, (c) => TEXT_ESCAPES[c]!);
}

/** An escaped attribute value: as text, plus tab and line ends as references (attribute normalisation keeps them). */
export function escapeXmlAttribute(text: string): string {
  return stripForbiddenXmlChars(text).replace(/[&<>"'\r\t\n]/g, (c) => ATTRIBUTE_ESCAPES[c]!);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*(:[A-Za-z_][A-Za-z0-9_.-]*)?$/;

function checkName(name: string): void {
  if (!NAME.test(name) || /^xml/i.test(name)) throw new Error(`Not a usable XML element or attribute name: ${JSON.stringify(name)}`);
}

function scalar(value: string | number | boolean | bigint): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
  return String(value);
}

/** The tree with every name checked and every value escaped, ready for a builder that escapes nothing. */
function prepare(value: XmlValue, attribute = false): unknown {
  if (value === null) return '';
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => prepare(v as XmlValue)).filter((v) => v !== undefined);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as XmlElement)) {
      if (v === undefined) continue;
      if (k === '#text') {
        out[k] = typeof v === 'object' && v !== null ? prepare(v) : escapeXmlText(v === null ? '' : scalar(v));
        continue;
      }
      const isAttribute = k.startsWith('@_');
      checkName(isAttribute ? k.slice(2) : k);
      out[k] = isAttribute ? prepare(v, true) : prepare(v);
    }
    return out;
  }
  return attribute ? escapeXmlAttribute(scalar(value)) : escapeXmlText(scalar(value));
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  processEntities: false, // prepare() escaped everything already
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  format: false,
});

/** A whole document: `<?xml version="1.0" encoding="UTF-8"?>` and the tree (one root element). */
export function buildXml(root: XmlElement, options: { declaration?: boolean } = {}): string {
  const names = Object.keys(root).filter((k) => root[k] !== undefined);
  if (names.length !== 1) throw new Error(`An XML document has exactly one root element, got ${names.length}`);
  const body = builder.build(prepare(root)) as string;
  return options.declaration === false ? body : `<?xml version="1.0" encoding="UTF-8"?>${body}`;
}

export interface ParseXmlOptions {
  /** Element names (or dotted paths such as `response.operation.result`) always parsed as arrays. */
  arrays?: readonly string[];
  /** For error messages: which system sent the document. */
  system?: string;
}

/** A document as a plain tree of strings; malformed XML or a DOCTYPE is a FatalError XML_INVALID. */
export function parseXml<T = Record<string, unknown>>(text: string, options: ParseXmlOptions = {}): T {
  const system = options.system ?? 'The server';
  const invalid = (why: string) =>
    new FatalError(`${system} sent a response that is not usable XML (${why}).`, { code: 'XML_INVALID', ...(options.system !== undefined && { system: options.system }), hint: 'A proxy may have answered instead of the API; check the server address.' });
  if (/<!DOCTYPE/i.test(text)) throw invalid('it declares a DOCTYPE, which is refused');
  const arrays = new Set(options.arrays ?? []);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    htmlEntities: true, // numeric references (&#13;) are decoded too
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (name, jpath) => arrays.has(name) || arrays.has(String(jpath)),
  });
  let tree: unknown;
  try {
    tree = parser.parse(text, true);
  } catch (e) {
    throw invalid((e as Error).message.slice(0, 120));
  }
  return dropLayoutWhitespace(tree) as T;
}

/** Indentation between child elements is layout, not content: drop whitespace-only text beside children. */
function dropLayoutWhitespace(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropLayoutWhitespace);
  if (!node || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  const hasChildren = Object.keys(obj).some((k) => k !== '#text' && !k.startsWith('@_'));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === '#text' && hasChildren && typeof v === 'string' && v.trim() === '') continue;
    out[k] = dropLayoutWhitespace(v);
  }
  return out;
}

/** Text content of a parsed element (a plain string, or `#text` beside attributes); '' for an empty one. */
export function xmlText(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && '#text' in (node as object)) return String((node as Record<string, unknown>)['#text']);
  return '';
}
