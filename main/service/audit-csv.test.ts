import { describe, expect, it } from 'vitest';
import { toCsv } from './audit-csv.ts';
import type { RecordEventDetail } from '../store/index.ts';

const event = (over: Partial<RecordEventDetail>): RecordEventDetail =>
  ({
    id: 1,
    runId: 'r1',
    flowId: 'f1',
    at: '2026-12-07T10:00:00.000Z',
    direction: 'erp-to-crm',
    sourceSystem: 'sage300',
    sourceEntity: 'arCustomers',
    sourceId: 'C001',
    sourceLabel: 'Acme, Inc.',
    destObject: 'companies',
    destId: '42',
    action: 'failed',
    attempt: 1,
    error: { kind: 'record', message: 'bad "email"', hint: '=fix it' },
    replayOf: null,
    resolved: false,
    sourcePayload: null,
    mappedPayload: { email: 'x' },
    ...over,
  }) as RecordEventDetail;

describe('audit CSV', () => {
  it('names each event’s flow beside its id, and keeps an unknown (deleted) flow’s id', () => {
    const csv = toCsv([event({}), event({ id: 2, flowId: 'gone' })], (id) => (id === 'f1' ? 'Customers → Companies' : id));
    const [header, first, second] = csv.split('\r\n').length > 1 ? csv.split('\r\n') : csv.split('\n');
    expect(header!.split(',').slice(0, 4)).toEqual(['id', 'at', 'flow', 'flowId']);
    expect(first!.startsWith('1,2026-12-07T10:00:00.000Z,Customers → Companies,f1,')).toBe(true);
    expect(second!.startsWith('2,2026-12-07T10:00:00.000Z,gone,gone,')).toBe(true);
  });

  it('says where each failure lies (source or destination), so a spreadsheet can split them', () => {
    const plain = { sourceLabel: 'Acme', mappedPayload: null };
    const csv = toCsv([event({ ...plain, error: { kind: 'record', message: 'bad', cause: 'source' } }), event({ ...plain, id: 2, error: { kind: 'record', message: 'conflict', cause: 'destination' } }), event({ ...plain, id: 3, action: 'created', error: null })]);
    const rows = csv.trimEnd().split('\r\n').map((l) => l.split(','));
    const at = rows[0]!.indexOf('errorCause');
    expect(at).toBeGreaterThan(-1);
    expect(rows.slice(1).map((r) => r[at])).toEqual(['source', 'destination', '']);
  });

  it('quotes commas and quotes, and defuses spreadsheet formulas', () => {
    const csv = toCsv([event({})]);
    expect(csv).toContain('"Acme, Inc."');
    expect(csv).toContain('"bad ""email"""');
    expect(csv).toContain("'=fix it");
  });
});
