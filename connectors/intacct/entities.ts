// Source entities: vendors (with their primary contact and address), the vendors' contacts as their own
// records (also when only the CONTACT record changed), the contact list (CONTACT), and AP bills with their lines. Incremental on WHENMODIFIED: the watermark is the run's
// signpost (UTC, ISO); a read asks for WHENMODIFIED ≥ watermark − overlap written in the company's zone,
// since Intacct does not document the zone it stamps in. The engine's hash-skip drops what the overlap
// re-reads unchanged.
import type { Page, ReadOptions, SourceEntity, SourceRecord } from '../kit/types.ts';
import type { IntacctClient } from './client.ts';
import { formatTimestamp, parseDay } from './dates.ts';
import { APBILL_FIELDS, APBILLITEM_FIELDS, CONTACT_FIELDS, VENDOR_FIELDS } from './fields.ts';
import type { FunctionResult } from './envelope.ts';
import { eq, gte, inList, keysetCall, keysetPages, type Filter } from './reader.ts';

/** The `query` IN list limit (spec §8). */
const MAX_IN = 1000;

/** `{ 'DISPLAYCONTACT.MAILADDRESS.CITY': 'x' }` → `{ DISPLAYCONTACT: { MAILADDRESS: { CITY: 'x' } } }`, the shape mapping paths walk. */
export function nestDotted(row: Record<string, string>): SourceRecord {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    const parts = key.split('.');
    let at = out;
    for (const part of parts.slice(0, -1)) {
      if (typeof at[part] !== 'object' || at[part] === null) at[part] = {};
      at = at[part] as Record<string, unknown>;
    }
    at[parts[parts.length - 1]!] = value;
  }
  return out;
}

interface Resume {
  after: string;
}

function parseResume(resume: string | null | undefined): string | null {
  if (!resume) return null;
  try {
    const r = JSON.parse(resume) as Resume;
    return typeof r.after === 'string' ? r.after : null;
  } catch {
    return null;
  }
}

function sinceFilter(client: IntacctClient, since: string | null): Filter {
  if (!since) return undefined;
  const ms = Date.parse(since);
  if (!Number.isFinite(ms)) return undefined;
  return gte('WHENMODIFIED', formatTimestamp(ms - client.config.overlapMinutes * 60_000, client.config.timeZone));
}

abstract class QuerySource implements SourceEntity {
  abstract readonly name: string;
  abstract readonly label: string;
  protected abstract readonly object: string;
  protected abstract readonly select: readonly string[];
  /** The field idOf() reads: a record is read again by it (replay after a fix in Intacct). */
  protected abstract readonly keyField: string;

  constructor(protected readonly client: IntacctClient) {}

  abstract fields(): ReturnType<SourceEntity['fields']>;
  abstract idOf(record: SourceRecord): string;

  protected pageSize(options: Pick<ReadOptions, 'pageSize'>): number {
    return Math.min(options.pageSize ?? this.client.config.pageSize, this.client.config.pageSize);
  }

  protected async shape(rows: Record<string, string>[], _signal?: AbortSignal): Promise<SourceRecord[]> {
    return rows;
  }

  async *read(options: ReadOptions): AsyncIterable<Page> {
    const filter = sinceFilter(this.client, options.since);
    for await (const page of keysetPages(this.client, this.object, this.select, filter, this.pageSize(options), parseResume(options.resume), options.signal)) {
      yield { records: await this.shape(page.rows, options.signal), resume: page.last ? JSON.stringify({ after: page.last } satisfies Resume) : null };
    }
  }

  /** The record as it is now, by the same query and shaping as a run (null: gone, or no longer one this entity lists). */
  async readOne(id: string, signal?: AbortSignal): Promise<SourceRecord | null> {
    for await (const page of keysetPages(this.client, this.object, this.select, eq(this.keyField, id), 2, null, signal)) {
      const records = await this.shape(page.rows, signal);
      return records.find((r) => this.idOf(r) === id) ?? null;
    }
    return null;
  }

  watermarkFor(signpost: Date): string {
    return signpost.toISOString();
  }

  async sample(n: number): Promise<SourceRecord[]> {
    for await (const page of keysetPages(this.client, this.object, this.select, undefined, Math.max(1, Math.min(n, 100)), null)) {
      return (await this.shape(page.rows)).slice(0, n);
    }
    return [];
  }
}

export class VendorsSource extends QuerySource {
  readonly name = 'vendors';
  readonly label = 'Vendors (with primary contact and address)';
  protected readonly object = 'VENDOR';
  protected readonly select = VENDOR_FIELDS.filter((f) => f.type !== 'object').map((f) => f.name);
  protected readonly keyField = 'VENDORID';
  fields = async () => VENDOR_FIELDS;
  idOf = (r: SourceRecord) => String(r.VENDORID);
  protected override async shape(rows: Record<string, string>[]): Promise<SourceRecord[]> {
    return rows.map(nestDotted);
  }
}

/** Where an interrupted incremental read of vendor contacts continues: among the contacts edited on their own. */
interface ContactsResume {
  contactsAfter: string | null;
}

function parseContactsResume(resume: string | null | undefined): ContactsResume | null {
  if (!resume) return null;
  try {
    const r = JSON.parse(resume) as Partial<ContactsResume>;
    return 'contactsAfter' in r && (r.contactsAfter === null || typeof r.contactsAfter === 'string') ? { contactsAfter: r.contactsAfter } : null;
  } catch {
    return null;
  }
}

const CHANGED_CONTACT_FIELDS = ['RECORDNO', 'CONTACTNAME'];

/**
 * One record per vendor's primary contact, keyed by VENDORID so it pairs with the vendor's company.
 * An incremental read has two parts: the vendors changed since the watermark, then the vendors whose
 * primary contact (a CONTACT record of its own) changed since then — whether Intacct moves a vendor's
 * WHENMODIFIED when its contact is edited is not verified (spec §5.5), so the contacts are polled by their
 * own WHENMODIFIED, with the same overlap. Each vendor comes once per read; the overlap's re-reads are
 * dropped by the engine's hash-skip, as for every other source.
 */
export class VendorContactsSource extends QuerySource {
  readonly name = 'vendorContacts';
  readonly label = 'Vendor contacts (primary contact of each vendor)';
  protected readonly object = 'VENDOR';
  protected readonly select = VENDOR_FIELDS.filter((f) => f.type !== 'object').map((f) => f.name);
  protected readonly keyField = 'VENDORID';
  fields = async () => VENDOR_FIELDS;
  idOf = (r: SourceRecord) => String(r.VENDORID);
  protected override async shape(rows: Record<string, string>[]): Promise<SourceRecord[]> {
    // A vendor without a contact email or name has no one to create in the CRM.
    return rows.filter((r) => r['DISPLAYCONTACT.EMAIL1'] || r['DISPLAYCONTACT.LASTNAME'] || r['DISPLAYCONTACT.FIRSTNAME']).map(nestDotted);
  }

  override async *read(options: ReadOptions): AsyncIterable<Page> {
    const since = sinceFilter(this.client, options.since);
    // A full read lists every vendor with its contact as it is now: nothing to add.
    if (!since) return yield* super.read(options);
    const size = this.pageSize(options);
    const resumed = parseContactsResume(options.resume);
    /** Contacts whose vendor this read already sent (the vendor changed too): no second lookup. */
    const covered = new Set<string>();
    let contactsFirst: FunctionResult | undefined;
    if (!resumed) {
      // The first page of changed contacts rides in the request of the first page of changed vendors, so
      // a sync where nothing changed makes no more gateway calls than before.
      const [vendorsFirst, contacts] = await this.client.execute(
        [{ body: keysetCall(this.object, this.select, since, size, parseResume(options.resume)) }, { body: keysetCall('CONTACT', CHANGED_CONTACT_FIELDS, since, size, null) }],
        options.signal ? { signal: options.signal } : {},
      );
      contactsFirst = contacts;
      for await (const page of keysetPages(this.client, this.object, this.select, since, size, parseResume(options.resume), options.signal, vendorsFirst)) {
        for (const r of page.rows) if (r['DISPLAYCONTACT.CONTACTNAME']) covered.add(r['DISPLAYCONTACT.CONTACTNAME']);
        yield { records: await this.shape(page.rows), resume: JSON.stringify(page.last ? ({ after: page.last } satisfies Resume) : ({ contactsAfter: null } satisfies ContactsResume)) };
      }
    }
    for await (const page of keysetPages(this.client, 'CONTACT', CHANGED_CONTACT_FIELDS, since, size, resumed?.contactsAfter ?? null, options.signal, contactsFirst)) {
      const names = [...new Set(page.rows.map((r) => r.CONTACTNAME ?? '').filter((n) => n && !covered.has(n)))];
      yield { records: await this.vendorsOfContacts(names, options.signal), resume: page.last ? JSON.stringify({ contactsAfter: page.last } satisfies ContactsResume) : null };
    }
  }

  /** The vendors whose primary contact is one of these contacts (one query per 1,000 names; none for none). */
  private async vendorsOfContacts(names: string[], signal?: AbortSignal): Promise<SourceRecord[]> {
    const out: SourceRecord[] = [];
    for (let i = 0; i < names.length; i += MAX_IN) {
      const filter = inList('DISPLAYCONTACT.CONTACTNAME', names.slice(i, i + MAX_IN));
      for await (const page of keysetPages(this.client, this.object, this.select, filter, this.client.config.pageSize, null, signal)) out.push(...(await this.shape(page.rows)));
    }
    return out;
  }
}

/**
 * The company's contact list, one record per CONTACT (keyed by CONTACTNAME): what flows back to the CRM
 * for contacts that came from it (`HS-C-<id>`; the flow's key prefix leaves the others alone).
 */
export class ContactsSource extends QuerySource {
  readonly name = 'contacts';
  readonly label = 'Contacts (contact list)';
  protected readonly object = 'CONTACT';
  protected readonly select = CONTACT_FIELDS.map((f) => f.name);
  protected readonly keyField = 'CONTACTNAME';
  fields = async () => CONTACT_FIELDS;
  idOf = (r: SourceRecord) => String(r.CONTACTNAME);
  protected override async shape(rows: Record<string, string>[]): Promise<SourceRecord[]> {
    return rows.map(nestDotted);
  }
}

const BILL_DATES = APBILL_FIELDS.filter((f) => f.type === 'date').map((f) => f.name);

/** Intacct writes dates `mm/dd/yyyy`; records carry them as `YYYY-MM-DD`, as every other connector does. */
function isoDates(row: Record<string, string>): Record<string, string> {
  const out = { ...row };
  for (const name of BILL_DATES) if (out[name]) out[name] = parseDay(out[name]!) ?? out[name]!;
  return out;
}

export class BillsSource extends QuerySource {
  readonly name = 'apBills';
  readonly label = 'AP bills (with lines)';
  protected readonly object = 'APBILL';
  protected readonly select = APBILL_FIELDS.filter((f) => f.name !== 'APBILLITEMS').map((f) => f.name);
  protected readonly keyField = 'RECORDNO';
  fields = async () => APBILL_FIELDS;
  idOf = (r: SourceRecord) => String(r.RECORDNO);

  protected override pageSize(options: Pick<ReadOptions, 'pageSize'>): number {
    return Math.min(super.pageSize(options), MAX_IN);
  }

  /** Attaches each bill's lines: one query per page of bills (RECORDKEY IN the page's keys). */
  protected override async shape(rows: Record<string, string>[], signal?: AbortSignal): Promise<SourceRecord[]> {
    if (!rows.length) return [];
    const lines = new Map<string, Record<string, string>[]>();
    const keys = rows.map((r) => r.RECORDNO!);
    for await (const page of keysetPages(this.client, 'APBILLITEM', APBILLITEM_FIELDS, inList('RECORDKEY', keys), this.client.config.pageSize, null, signal)) {
      for (const l of page.rows) {
        const list = lines.get(l.RECORDKEY!) ?? [];
        list.push(l);
        lines.set(l.RECORDKEY!, list);
      }
    }
    return rows.map((r) => ({ ...isoDates(r), APBILLITEMS: (lines.get(r.RECORDNO!) ?? []).sort((a, b) => Number(a.LINE_NO) - Number(b.LINE_NO)) }));
  }
}

export function createSources(client: IntacctClient) {
  return { vendors: new VendorsSource(client), vendorContacts: new VendorContactsSource(client), contacts: new ContactsSource(client), apBills: new BillsSource(client) };
}
export type IntacctSources = ReturnType<typeof createSources>;
