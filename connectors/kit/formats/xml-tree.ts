// XML as an ordered element tree, for APIs where document order carries meaning (Sage Intacct: results
// come back in the order of the functions sent; a <create> may hold records of several objects). The
// escaping and the XML 1.0 character rules are those of ./xml.ts, so every XML we send or serve obeys
// one set of rules:
//
//   writeXmlTree(el('function', [el('readByQuery', [el('object', 'VENDOR'), el('query', "NAME = 'A&B'")])], { controlid: 'f1' }))
//   const root = parseXmlTree(text);  childI(root, 'operation')?.children.filter((c) => c.name === 'result')
//
// Parsing is strict (well-formedness checked, one root element, forbidden characters or character
// references refused) and keeps every value a string.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { escapeXmlAttribute, escapeXmlText, hasForbiddenXmlChars } from './xml.ts';

/** A parsed element: its name, attributes, element children in document order, and its own text. */
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
  for (const c of (raw[name] as Raw[]) ?? []) {
    if ('#text' in c) text += String(c['#text']);
    else {
      const node = toNode(c);
      if (node) children.push(node);
    }
  }
  return { name, attrs, children, text: children.length ? text.trim() : text };
}

/** Parses one well-formed document (its root element); a DOCTYPE, a forbidden character or malformed markup is an XmlSyntaxError. */
export function parseXmlTree(xml: string): XmlNode {
  if (/<!DOCTYPE/i.test(xml)) throw new XmlSyntaxError('The document declares a DOCTYPE, which is refused.');
  if (hasForbiddenXmlChars(xml)) throw new XmlSyntaxError('The document holds a character XML 1.0 does not allow (a control character or an illegal character reference).');
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

/** An element to write: text, or children in order (undefined children are left out). */
export interface XmlTreeElement {
  name: string;
  attrs?: Record<string, string | undefined>;
  content?: string | number | boolean | readonly (XmlTreeElement | undefined)[] | null;
}

/** Writes an element tree compactly (no whitespace between elements); every value escaped. */
export function writeXmlTree(e: XmlTreeElement): string {
  const attrs = Object.entries(e.attrs ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXmlAttribute(String(v))}"`)
    .join('');
  const c = e.content;
  if (c === undefined || c === null) return `<${e.name}${attrs}/>`;
  if (Array.isArray(c)) return `<${e.name}${attrs}>${(c as (XmlTreeElement | undefined)[]).filter((x): x is XmlTreeElement => x !== undefined).map(writeXmlTree).join('')}</${e.name}>`;
  return `<${e.name}${attrs}>${escapeXmlText(String(c))}</${e.name}>`;
}

/** Shorthand for an element. */
export function el(name: string, content?: XmlTreeElement['content'], attrs?: XmlTreeElement['attrs']): XmlTreeElement {
  return { name, ...(content !== undefined && { content }), ...(attrs && { attrs }) };
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
