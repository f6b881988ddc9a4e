// Keeps flows that share records from writing the same values twice. After a flow writes a record it
// pre-registers, in other flows' id_map, the hash those flows will compute for the same data:
// - mirrors: the reverse flow of a two-way pair reads our write back from the destination; without
//   this it would echo our own write to the other side;
// - siblings: another flow writing a subset of the same properties of the same object (a balance
//   refresh after the customer flow wrote the balance) would rewrite identical values.
// Registration happens only when it is provably right: the other flow reads only fields we wrote (or
// that our source record carries), has no associations, and would write exactly what we wrote.
import type { Mapping } from '../../preload/contract/index.ts';
import type { SourceRecord } from '../../connectors/kit/types.ts';
import { applyMapping, sourceKeyOf, writableOnUpdate, type MappedRecord } from './mapping/apply.ts';
import { payloadHash, stableStringify } from './mapping/hash.ts';
import type { FlowRow } from '../store/index.ts';

export interface LinkedFlow {
  flow: FlowRow;
  mapping: Mapping;
  /**
   * A reverse flow whose key we write but whose payload we cannot predict (it reads fields our mapping
   * does not write, e.g. an Intacct vendor's balance): a record we CREATE is linked in its id_map with
   * no hash, so when it reads that record back it updates our source record once instead of creating a
   * twin (a HubSpot company provisioned as an Intacct vendor then receives the vendor's id and balance).
   */
  linkOnly?: boolean;
}

export interface Registration {
  flowId: string;
  sourceId: string;
  destId: string;
  hash: string;
}

export const flowHash = (mapping: Mapping, mapped: Pick<MappedRecord, 'properties' | 'lines'>, associations: unknown[] = []) =>
  payloadHash({ p: writableOnUpdate(mapping, mapped.properties), l: mapped.lines ?? null, a: associations });

const fromFields = (m: Mapping) => [m.key.from, ...m.fields.map((r) => r.from).filter((x): x is string => Boolean(x)), ...m.fields.flatMap((r) => [...(r.template ?? '').matchAll(/\{([^{}]+)\}/g)].map((x) => x[1]!.trim()))];

/**
 * Reverse flows (their source is our destination object): those that read only what our mapping writes,
 * and, marked `linkOnly`, those of which we write only the key.
 */
export function findMirrors(flow: FlowRow, mapping: Mapping, all: LinkedFlow[]): LinkedFlow[] {
  const written = new Set([mapping.key.to, ...mapping.fields.map((f) => f.to)]);
  const reverse = all.filter(
    (o) =>
      o.flow.id !== flow.id &&
      o.flow.sourceConnectionId === flow.destConnectionId &&
      o.flow.destConnectionId === flow.sourceConnectionId &&
      o.flow.sourceEntity === flow.destObject,
  );
  return reverse.flatMap((o) => {
    if (o.mapping.associations.length === 0 && fromFields(o.mapping).every((f) => written.has(f.split('.')[0]!))) return [o];
    return written.has(o.mapping.key.from) ? [{ ...o, linkOnly: true }] : [];
  });
}

/** Flows writing a subset of our properties to the same object, keyed by the same external id. */
export function findSiblings(flow: FlowRow, mapping: Mapping, all: LinkedFlow[]): LinkedFlow[] {
  const written = new Set([mapping.key.to, ...mapping.fields.map((f) => f.to)]);
  return all.filter(
    (o) =>
      o.flow.id !== flow.id &&
      o.flow.destConnectionId === flow.destConnectionId &&
      o.flow.destObject === flow.destObject &&
      o.mapping.key.to === mapping.key.to &&
      o.mapping.associations.length === 0 &&
      !o.mapping.lines &&
      o.mapping.fields.every((f) => written.has(f.to)),
  );
}

export function registrationsFor(
  written: { record: SourceRecord; mapped: MappedRecord; destId: string; created: boolean }[],
  mirrors: LinkedFlow[],
  siblings: LinkedFlow[],
): Registration[] {
  const out: Registration[] = [];
  for (const w of written) {
    for (const m of mirrors) {
      if (m.linkOnly) {
        // Only a record we created is surely not theirs yet; the empty hash makes their first read write.
        const key = w.created ? sourceKeyOf(m.mapping, { id: w.destId, ...w.mapped.properties }) : null;
        if (key !== null) out.push({ flowId: m.flow.id, sourceId: key, destId: w.mapped.sourceId, hash: '' });
        continue;
      }
      const reflected = applyMapping(m.mapping, { id: w.destId, ...w.mapped.properties });
      if (reflected.ok) out.push({ flowId: m.flow.id, sourceId: reflected.value.sourceId, destId: w.mapped.sourceId, hash: flowHash(m.mapping, reflected.value) });
    }
    for (const s of siblings) {
      if (!fromFields(s.mapping).every((f) => Object.prototype.hasOwnProperty.call(w.record, f.split('.')[0]!))) continue;
      const theirs = applyMapping(s.mapping, w.record);
      if (!theirs.ok || theirs.value.sourceId !== w.mapped.sourceId) continue;
      const same = Object.entries(theirs.value.properties).every(([k, v]) => stableStringify(v) === stableStringify(w.mapped.properties[k]));
      if (same) out.push({ flowId: s.flow.id, sourceId: theirs.value.sourceId, destId: w.destId, hash: flowHash(s.mapping, theirs.value) });
    }
  }
  return out;
}
