// `GET …/{company}/{module}/$metadata`: an EDMX 4.0 document per module (spec §1.3) built from the
// models, with detail collections as ComplexType collections (nothing to $expand).
import { MODELS, type Model, type PropType, RESOURCES } from './models.ts';

function typeOf(name: string, t: PropType, model: Model): string {
  if (t === 'string') return 'Edm.String';
  if (t === 'decimal') return 'Edm.Decimal';
  if (t === 'int') return 'Edm.Int32';
  if (t === 'date') return 'Edm.DateTimeOffset';
  if (t === 'bool') return 'Edm.Boolean';
  if ('enum' in t) return `${model.namespace}.${model.name}.${name}Enum`;
  return `Collection(${model.namespace}.${MODELS[t.collection]!.name})`;
}

function detailModels(model: Model, into: Set<string>): void {
  for (const t of Object.values(model.props)) {
    if (typeof t === 'object' && 'collection' in t && !into.has(t.collection)) {
      into.add(t.collection);
      detailModels(MODELS[t.collection]!, into);
    }
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function metadataXml(module: string): string | undefined {
  const resources = RESOURCES.filter((r) => r.module === module.toUpperCase());
  if (resources.length === 0) return undefined;
  const complex = new Set<string>();
  const lines: string[] = [];
  const namespace = MODELS[resources[0]!.model]!.namespace;
  for (const r of resources) detailModels(MODELS[r.model]!, complex);
  const emit = (model: Model, kind: 'EntityType' | 'ComplexType', key?: string[]) => {
    lines.push(`      <${kind} Name="${model.name}">`);
    if (key) lines.push(`        <Key>${key.map((k) => `<PropertyRef Name="${k}"/>`).join('')}</Key>`);
    for (const [name, t] of Object.entries(model.props)) {
      const nullable = key?.includes(name) ? ' Nullable="false"' : '';
      lines.push(`        <Property Name="${name}" Type="${esc(typeOf(name, t, model))}"${nullable}/>`);
    }
    lines.push(`      </${kind}>`);
    for (const [name, t] of Object.entries(model.props)) {
      if (typeof t === 'object' && 'enum' in t) {
        lines.push(`      <EnumType Name="${model.name}.${name}Enum">${t.enum.map((m, k) => `<Member Name="${m}" Value="${k}"/>`).join('')}</EnumType>`);
      }
    }
  };
  for (const r of resources) emit(MODELS[r.model]!, 'EntityType', r.key);
  for (const c of complex) emit(MODELS[c]!, 'ComplexType');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '  <edmx:DataServices>',
    `    <Schema Namespace="${namespace}" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    ...lines,
    '    </Schema>',
    '    <Schema Namespace="Default" xmlns="http://docs.oasis-open.org/odata/ns/edm">',
    '      <EntityContainer Name="Container">',
    ...resources.map((r) => `        <EntitySet Name="${r.name}" EntityType="${MODELS[r.model]!.namespace}.${MODELS[r.model]!.name}"/>`),
    '      </EntityContainer>',
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
  ].join('\n');
}
