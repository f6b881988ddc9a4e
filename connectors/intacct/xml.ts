// XML for the Intacct gateway, used by our client and by the sandbox: escaping that survives any string
// (spec §7), a strict parse into a small ordered tree, and a writer for that tree.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Characters XML 1.0 forbids anywhere, even as character references (spec §7). */
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes what XML 1.0 cannot carry: C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
export function stripIllegalXmlChars(value: string): string {
  return value.replace(ILLEGAL, '');
}

/** True when the text holds a character, or a character reference, that XML 1.0 forbids. */
export function hasIllegalXmlChars(xml: string): boolean {
  ILLEGAL.lastIndex = 0;
  if (ILLEGAL.test(xml)) return true;
  for (const m of xml.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) {
    const code = m[1]!.startsWith('x') ? parseInt(m[1]!.slice(1), 16) : parseInt(m[1]!, 10);
    const ok = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!ok) return true;
  }
  return false;
}

/**
 * Escapes text content and attribute values alike: `&`, `<`, `>` (so `]]>` never appears), both quotes,
 * and CR/tab/LF as references so a parser's line-end and attribute normalisation cannot change them.
 * Illegal characters are removed first.
 */
export function escapeXml(value: string): string {
  return stripIllegalXmlChars(value).replace(/[&<>"'\r\t\n]/g, (c) => ESCAPES[c]!);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', '\t': '&#9;', '\n': '&#10;' };

/** An element: its name, attributes, element children in document order, and its own text. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: '#comment',
});

type Raw = Record<string, unknown>;

function toNode(raw: Raw): XmlNode | undefined {
  const name = Object.keys(raw).find((k) => k !== ':@');
  if (!name || name === '#text' || name === '#comment') return undefined;
  const attrs = (raw[':@'] as Record<string, string> | undefined) ?? {};
  const children: XmlNode[] = [];
  let text = '';
  for (const child of (raw[name] as Raw[]) ?? []) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const node = toNode(child);
      if (node) children.push(node);
    }
  }
  return { name, attrs, children, text: children.length ? text.trim() : text };
}

/** Parses one well-formed document (its root element), refusing illegal characters and malformed markup. */
export function parseXml(xml: string): XmlNode {
  if (hasIllegalXmlChars(xml)) throw new XmlSyntaxError('The document holds a character XML 1.0 does not allow (a control character or an illegal character reference).');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XmlSyntaxError(`${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`, valid.err.line);
  const roots = (parser.parse(xml) as Raw[]).map(toNode).filter((n): n is XmlNode => n !== undefined);
  if (roots.length !== 1) throw new XmlSyntaxError(`Expected one root element, found ${roots.length}.`);
  return roots[0]!;
}

/** The first child with this name (exact case), or undefined. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** The first child with this name, ignoring case (Intacct mixes `<vendor>` and `<VENDOR>`). */
export function childI(node: XmlNode | undefined, name: string): XmlNode | undefined {
  const lower = name.toLowerCase();
  return node?.children.find((c) => c.name.toLowerCase() === lower);
}

export function textOf(node: XmlNode | undefined, name: string): string | undefined {
  return child(node, name)?.text;
}

/** Something the writer can serialise: text, nested elements, or a list of repeated elements. */
export type XmlValue = string | number | boolean | null | undefined | XmlElement | XmlElement[];
export interface XmlElement {
  name: string;
  attrs?: Record<string, string | undefined>;
  /** Text, or children in order. */
  content?: string | number | boolean | readonly (XmlElement | undefined)[] | null;
}

/** Writes an element tree compactly (no whitespace between elements). */
export function writeXml(el: XmlElement): string {
  const attrs = Object.entries(el.attrs ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  const c = el.content;
  if (c === undefined || c === null) return `<${el.name}${attrs}/>`;
  if (Array.isArray(c)) return `<${el.name}${attrs}>${(c as (XmlElement | undefined)[]).filter((x): x is XmlElement => x !== undefined).map(writeXml).join('')}</${el.name}>`;
  return `<${el.name}${attrs}>${escapeXml(String(c))}</${el.name}>`;
}

/** Shorthand for an element. */
export function el(name: string, content?: XmlElement['content'], attrs?: XmlElement['attrs']): XmlElement {
  return { name, ...(content !== undefined && { content }), ...(attrs && { attrs }) };
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
