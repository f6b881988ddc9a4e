// Writes to Intacct with the generic create/update (spec §6), many functions per request, and never a
// duplicate (spec §9): requests carry uniqueid="true" and each create's function controlid is derived
// from the record's key and payload, so a retry after a lost answer (524, timeout, reset) replays the
// stored result instead of creating twice. A create that finds the key taken (BL34000061) becomes an
// update; a gateway that rejects a repeated controlid instead of replaying it is answered by reading
// the record back. Each failure fails its record alone, with the gateway's words and a hint.
import { createHash, randomUUID } from 'node:crypto';
import type { DestinationObject, FieldInfo, UpsertInput, UpsertOptions, WriteResult } from '../kit/types.ts';
import type { Call, IntacctClient } from './client.ts';
import { describeErrors, type FunctionResult } from './envelope.ts';
import { recordOf } from './reader.ts';
import { el, type XmlTreeElement } from '../kit/formats/xml-tree.ts';

/** `{ 'DISPLAYCONTACT.MAILADDRESS.CITY': 'Austin' }` → nested elements, in first-seen order. */
export function nestedElements(values: Record<string, unknown>): XmlTreeElement[] {
  const out: XmlTreeElement[] = [];
  const groups = new Map<string, Record<string, unknown>>();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    const dot = key.indexOf('.');
    if (dot < 0) {
      out.push(el(key, typeof value === 'boolean' ? String(value) : String(value)));
      continue;
    }
    const head = key.slice(0, dot);
    if (!groups.has(head)) {
      groups.set(head, {});
      out.push({ name: head, content: [] });
    }
    groups.get(head)![key.slice(dot + 1)] = value;
  }
  return out.map((e) => (groups.has(e.name) ? { name: e.name, content: nestedElements(groups.get(e.name)!) } : e));
}

const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16);

export interface WriterSpec {
  name: string;
  label: string;
  object: string;
  /** The business key (VENDORID, CONTACTNAME). */
  idField: string;
  fields: FieldInfo[];
  /**
   * Contacts: a record created with an association to this object (the engine resolves it to the
   * parent's business key, e.g. a VENDORID) becomes that record's contact — `<update>` of the parent
   * with `<GROUP><CONTACTNAME>` naming it, in the same request right after the create (spec §6.2) — while
   * the parent's contact is still its own DISPLAYCONTACT (what Intacct fills in on create): a person
   * someone already chose there, in Intacct or by an earlier contact, stays.
   */
  contactOf?: { association: string; object: string; idField: string; group: string };
  /** Fields only the gateway knows (the company's user-defined dimensions). */
  moreFields?: () => Promise<FieldInfo[]>;
}

function failure(result: FunctionResult | undefined, fallback: string): WriteResult {
  const errors = result?.errors ?? [];
  const message = errors.length ? describeErrors(errors) : fallback;
  const correction = errors.map((e) => e.correction.trim()).find(Boolean);
  const contactClash = errors.some((e) => e.errorno === 'BL34000061' && /Contact/i.test(e.description2));
  return {
    status: 'failed', kind: 'record', retryable: false, message, code: errors[0]?.errorno ?? 'WRITE_FAILED',
    hint: contactClash
      ? 'Intacct contact names are unique company-wide: another contact already has this name. Rename one of them in Intacct or change the mapped contact name, then replay.'
      : (correction ?? 'Fix the value Intacct refused (in the source record or the field mapping), then replay the record from the audit log.'),
  };
}

export class IntacctWriter implements DestinationObject {
  readonly name: string;
  readonly label: string;
  readonly maxBatch: number;

  constructor(
    private readonly client: IntacctClient,
    private readonly spec: WriterSpec,
  ) {
    this.name = spec.name;
    this.label = spec.label;
    this.maxBatch = client.config.writeBatch;
  }

  fields = async () => [...this.spec.fields, ...((await this.spec.moreFields?.()) ?? [])];

  /** The business key: the mapping's key property (a prefixed one included, e.g. `HS-` + a HubSpot id), else the source id. */
  private keyOf(input: UpsertInput, options: UpsertOptions): string {
    const given = input.properties[options.idProperty] ?? input.properties[this.spec.idField];
    return given !== undefined && given !== null && String(given) !== '' ? String(given) : input.sourceId;
  }

  /** Creates and updates both name the record by its business key (Intacct's update takes VENDORID in place of RECORDNO). */
  private record(key: string, properties: Record<string, unknown>): XmlTreeElement {
    const rest = Object.fromEntries(Object.entries(properties).filter(([k]) => k !== this.spec.idField && k !== 'RECORDNO'));
    return el(this.spec.object, [el(this.spec.idField, key), ...nestedElements(rest)]);
  }

  private async readBack(keys: string[], signal?: AbortSignal): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (!keys.length) return found;
    const [result] = await this.client.execute([{ body: el('readByName', [el('object', this.spec.object), el('keys', keys.join(',')), el('fields', `RECORDNO,${this.spec.idField}`)]) }], signal ? { signal } : {});
    for (const node of result?.status === 'success' ? (result.data?.children ?? []) : []) {
      const r = recordOf(node);
      if (r[this.spec.idField] && r.RECORDNO) found.set(r[this.spec.idField]!, r.RECORDNO);
    }
    return found;
  }

  /** The parent (e.g. vendor) whose contact a new record becomes, from its resolved association. */
  private parentOf(input: UpsertInput): string | undefined {
    const link = this.spec.contactOf;
    return link ? input.associations?.find((a) => a.object === link.association)?.id : undefined;
  }

  /** The parents (of `keys`) whose contact group still names their own display contact: they take a new contact. */
  private async parentsWithoutContact(keys: string[], signal?: AbortSignal): Promise<Set<string>> {
    const link = this.spec.contactOf!;
    const open = new Set<string>();
    if (!keys.length) return open;
    const fields = [link.idField, `${link.group}.CONTACTNAME`, 'DISPLAYCONTACT.CONTACTNAME'];
    const [result] = await this.client.execute([{ body: el('readByName', [el('object', link.object), el('keys', [...new Set(keys)].join(',')), el('fields', fields.join(','))]) }], signal ? { signal } : {});
    for (const node of result?.status === 'success' ? (result.data?.children ?? []) : []) {
      const r = recordOf(node);
      const chosen = r[`${link.group}.CONTACTNAME`] ?? '';
      if (!chosen || chosen === r['DISPLAYCONTACT.CONTACTNAME']) open.add(r[link.idField]!);
    }
    return open;
  }

  /** `<update>` of the parent naming this record in its contact group; repeatable, so a nonce joins its controlid. */
  private linkCall(key: string, parent: string, nonce: string): Call {
    const link = this.spec.contactOf!;
    return { controlId: `link-${link.object}-${hash([key, parent])}-${nonce}`.slice(0, 256), body: el('update', [el(link.object, [el(link.idField, parent), el(link.group, [el('CONTACTNAME', key)])])]) };
  }

  /** Sends the calls, each record's link call right after its own; answers each record's result and its link's (if any). */
  private async send(calls: { call: Call; link?: Call }[], signal?: AbortSignal): Promise<{ result: FunctionResult; link?: FunctionResult }[]> {
    const flat = calls.flatMap((c) => (c.link ? [c.call, c.link] : [c.call]));
    const results = await this.client.execute(flat, { uniqueId: true, ...(signal && { signal }) });
    let at = 0;
    return calls.map((c) => {
      const result = results[at++]!;
      return c.link ? { result, link: results[at++]! } : { result };
    });
  }

  /** A written record whose link to its parent failed: it fails, naming both (a replay links it). */
  private linkFailure(link: FunctionResult | undefined, parent: string | undefined): WriteResult | null {
    if (!link || link.status === 'success') return null;
    const f = failure(link, 'Intacct refused the link.');
    return f.status === 'failed' ? { ...f, message: `The ${this.spec.object.toLowerCase()} was written, but Intacct refused to make it ${this.spec.contactOf!.object.toLowerCase()} ${parent ?? ''}'s contact: ${f.message}` } : f;
  }

  async upsert(records: UpsertInput[], options: UpsertOptions): Promise<WriteResult[]> {
    const out: WriteResult[] = new Array(records.length);
    const keys = records.map((r) => this.keyOf(r, options));
    const nonce = randomUUID().slice(0, 8);
    const parents = records.map((r) => (r.destinationId ? undefined : this.parentOf(r)));
    const linkable = await this.parentsWithoutContact(parents.filter((p): p is string => p !== undefined), options.signal);
    const calls = records.map((r, i) => {
      const key = keys[i]!;
      const mode = r.destinationId ? 'update' : 'create';
      const body = el(mode, [this.record(key, r.properties)]);
      // Creates: the same record and payload always get the same controlid (a replay never re-runs it).
      // Updates are harmless to repeat but must run again when re-sent later, so a per-call nonce joins.
      const controlId = `${mode}-${this.spec.object}-${hash([key, r.properties])}${mode === 'update' ? `-${nonce}` : ''}`.slice(0, 256);
      const parent = parents[i];
      // One new contact per parent in a batch takes the place (the first one).
      const link = parent !== undefined && linkable.delete(parent);
      return { call: { controlId, body }, ...(link && { link: this.linkCall(key, parent, nonce) }) };
    });
    const answered = await this.send(calls, options.signal);
    const results = answered.map((a) => a.result);

    const retryAsUpdate: number[] = [];
    const readBack: number[] = [];
    // The destination id is the business key, not RECORDNO: it is what every flow knows the record by
    // (a reverse flow's echo guard registers VENDORIDs), and it survives a record re-created in Intacct.
    results.forEach((res, i) => {
      if (res.status === 'success') {
        const rec = res.data?.children[0];
        out[i] = rec && recordOf(rec).RECORDNO ? (this.linkFailure(answered[i]!.link, parents[i]) ?? { status: records[i]!.destinationId ? 'updated' : 'created', id: keys[i]! }) : failure(res, 'Intacct answered without a RECORDNO.');
        return;
      }
      const taken = res.errors.some((e) => e.errorno === 'BL34000061' && new RegExp(`Another ${this.spec.object}\\b`, 'i').test(e.description2.replace(/\s+/g, ' ')));
      if (!records[i]!.destinationId && taken) retryAsUpdate.push(i);
      else if (res.errors.some((e) => /control ?id/i.test(`${e.errorno} ${e.description2}`))) readBack.push(i);
      else out[i] = failure(res, 'Intacct refused the record.');
    });

    if (retryAsUpdate.length || readBack.length) {
      const existing = await this.readBack([...retryAsUpdate, ...readBack].map((i) => keys[i]!), options.signal);
      for (const i of readBack) {
        out[i] = existing.has(keys[i]!) ? { status: 'created', id: keys[i]! } : failure(results[i], 'Intacct refused a repeated request and the record is not there.');
      }
      const updates = retryAsUpdate.filter((i) => existing.has(keys[i]!));
      for (const i of retryAsUpdate.filter((j) => !existing.has(keys[j]!))) out[i] = failure(results[i], 'Intacct says the key is taken.');
      if (updates.length) {
        // (A taken contact's link, if it had to be made, already ran right after the refused create.)
        const second = await this.send(
          updates.map((i) => ({ call: { controlId: `update-${this.spec.object}-${hash([keys[i], records[i]!.properties])}-${nonce}`, body: el('update', [this.record(keys[i]!, records[i]!.properties)]) } })),
          options.signal,
        );
        second.forEach(({ result: res }, k) => {
          const i = updates[k]!;
          out[i] = res.status === 'success' ? { status: 'updated', id: keys[i]! } : failure(res, 'Intacct refused the update.');
        });
      }
    }
    return out;
  }
}
