// The `query` function's XML filter (spec §5.3): exactly one operator or and/or (two or more children,
// nesting allowed); between takes two values, in/notin 1–1000, isnull/isnotnull only a field.
import { childI, type XmlNode } from '../../kit/formats/xml-tree.ts';
import { queryFailed } from './errors.ts';
import type { Comparison, Condition } from './conditions.ts';

const OPERATORS: Record<string, Comparison> = {
  equalto: '=', notequalto: '!=', lessthan: '<', lessthanorequalto: '<=', greaterthan: '>', greaterthanorequalto: '>=',
  between: 'between', in: 'in', notin: 'notin', like: 'like', notlike: 'notlike', isnull: 'isnull', isnotnull: 'isnotnull',
};

function operator(node: XmlNode): Condition {
  const name = node.name.toLowerCase();
  if (name === 'and' || name === 'or') {
    if (node.children.length < 2) throw queryFailed(`<${node.name}> needs at least two conditions.`);
    return { op: name, items: node.children.map(operator) };
  }
  const cmp = OPERATORS[name];
  if (!cmp) throw queryFailed(`Unknown filter operator <${node.name}>.`);
  const field = childI(node, 'field')?.text;
  if (!field) throw queryFailed(`<${node.name}> needs a <field>.`);
  const values = node.children.filter((c) => c.name.toLowerCase() === 'value').map((c) => c.text);
  const want = cmp === 'isnull' || cmp === 'isnotnull' ? [0, 0] : cmp === 'between' ? [2, 2] : cmp === 'in' || cmp === 'notin' ? [1, 1000] : [1, 1];
  if (values.length < want[0]! || values.length > want[1]!) {
    throw queryFailed(`<${node.name}> takes ${want[0] === want[1] ? want[0] : `${want[0]}–${want[1]}`} <value> element(s), got ${values.length}.`);
  }
  return { op: 'cmp', field, cmp, values };
}

export function parseQueryFilter(filter: XmlNode | undefined): Condition | undefined {
  if (!filter) return undefined;
  if (filter.children.length !== 1) throw queryFailed('<filter> holds exactly one operator, or one <and>/<or>.');
  return operator(filter.children[0]!);
}
