// What the Webhook Messenger sends and remembers (spec §10.1): the event catalog, the CloudEvents-like
// notification of one change, and the delivery log the read-only `EventNotifications` entity set shows —
// one row per event with its key (`FieldNames`/`FieldValues`, tab-separated when composite), a `Status`
// over the webhooks it went to (New, Delivered, Failed, PartiallyDelivered) and `CreateDate`/`CreateTime`
// on the server's wall clock. Rows older than the company's MessageRetentionTime (days) leave the log.
// Unverified in the guide, so kept simple: `ReplayState` is `tNO` until a Replay resent the event, then `tYES`.
import { randomUUID } from 'node:crypto';
import type { EntitySet } from './entities.ts';
import { localStamp } from './clock.ts';
import type { Change } from './state.ts';

export const EVENT_CATALOG: Record<string, { type: string; transactions: string }> = {
  BusinessPartners: { type: '2', transactions: 'Created,Updated,Deleted' },
  Invoices: { type: '13', transactions: 'Created,Updated,Deleted,Closed,Cancelled,Reopened' },
  // Sales orders are in the guide's catalog example; the sandbox holds none, so none is ever sent.
  Orders: { type: '17', transactions: 'Created,Updated,Deleted,Closed,Cancelled,Reopened' },
  IncomingPayments: { type: '24', transactions: 'Created,Updated,Cancelled' },
};

export const inCatalog = (e: { BusinessObject: string; TransactionType: string }): boolean =>
  EVENT_CATALOG[e.BusinessObject]?.transactions.split(',').includes(e.TransactionType) ?? false;

export interface Notification {
  id: string;
  specversion: '1.0';
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, string>;
}

export function notificationOf(change: Change, companyDB: string, now: number): Notification {
  return {
    id: randomUUID(), specversion: '1.0', source: `/default/sap.b1/${companyDB}`, type: `sap.b1.${change.set}.${change.transaction}.v1`,
    subject: String(change.key), time: new Date(now).toISOString(), datacontenttype: 'application/json', data: { [change.keyField]: String(change.key) },
  };
}

type Status = 'New' | 'Delivered' | 'Failed';

interface Logged {
  event: Notification;
  change: Change;
  at: number;
  /** Per webhook the event went (or is to go) to. */
  status: Map<string, Status>;
  replayed: boolean;
}

export const EVENT_NOTIFICATIONS: EntitySet = {
  name: 'EventNotifications', type: 'EventNotification', key: 'EventID', keyKind: 'string', etag: false, readOnly: [],
  props: {
    EventID: 'string', SourceDB: 'string', BusinessObject: 'string', Operation: 'string', Status: 'string', ReplayState: 'string',
    FieldNames: 'string', FieldValues: 'string', CreateDate: 'date', CreateTime: 'string',
  },
};

export class EventLog {
  private readonly entries = new Map<string, Logged>();

  add(event: Notification, change: Change, at: number, webhooks: string[]): void {
    this.entries.set(event.id, { event, change, at, status: new Map(webhooks.map((w) => [w, 'New'])), replayed: false });
  }

  mark(events: readonly Notification[], webhookId: string, status: Status, replayed = false): void {
    for (const e of events) {
      const logged = this.entries.get(e.id);
      if (!logged) continue;
      logged.status.set(webhookId, status);
      if (replayed) logged.replayed = true;
    }
  }

  /** The rows of EventNotifications, after dropping those past the retention time. */
  rows(now: number, retentionDays: number, companyDB: string, timeZone: string): Record<string, unknown>[] {
    for (const [id, l] of this.entries) if (now - l.at > retentionDays * 86_400_000) this.entries.delete(id);
    return [...this.entries.values()].map((l) => {
      const stamp = localStamp(l.at, timeZone);
      const statuses = [...l.status.values()];
      const status = statuses.includes('New') ? 'New'
        : statuses.every((s) => s === 'Delivered') ? 'Delivered'
          : statuses.includes('Delivered') ? 'PartiallyDelivered' : 'Failed';
      return {
        EventID: l.event.id, SourceDB: companyDB, BusinessObject: l.change.set, Operation: l.change.transaction, Status: status,
        ReplayState: l.replayed ? 'tYES' : 'tNO', FieldNames: l.change.keyField, FieldValues: String(l.change.key),
        CreateDate: stamp.date, CreateTime: `${stamp.time}.${String(l.at % 1000).padStart(3, '0')}`,
      };
    });
  }
}
