import { describe, expect, it } from 'vitest';
import { childI, el, parseXmlTree, writeXmlTree, XmlSyntaxError } from './xml-tree.ts';

describe('ordered XML tree', () => {
  it('keeps document order across element names and round-trips hostile text and attributes', () => {
    const hostile = `A&B <Ltd> ]]> "q" 's\ttab\r\nRTL \u202Eעברית\u202C 🧾`;
    const xml = writeXmlTree(el('create', [el('VENDOR', [el('NAME', hostile)]), el('CUSTOMER', [el('NAME', 'two')]), el('VENDOR', [el('NAME', 'three')])], { controlid: hostile }));
    const root = parseXmlTree(xml);
    expect(root.children.map((c) => c.name)).toEqual(['VENDOR', 'CUSTOMER', 'VENDOR']);
    expect(childI(root.children[0], 'name')?.text).toBe(hostile);
    expect(root.attrs.controlid).toBe(hostile);
  });

  it('removes characters XML 1.0 forbids before writing, and refuses them (or a DOCTYPE) when parsing', () => {
    expect(writeXmlTree(el('a', 'x\u0001y\uFFFEz'))).toBe('<a>xyz</a>');
    for (const bad of ['<a>x\u0001</a>', '<a>&#1;</a>', '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', '<a><b></a>', '<a/><b/>']) {
      expect(() => parseXmlTree(bad)).toThrow(XmlSyntaxError);
    }
  });
});
